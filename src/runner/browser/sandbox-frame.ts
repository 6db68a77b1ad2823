/**
 * Where the learner's code runs on a page: a hidden `<iframe sandbox="allow-scripts">` (an opaque
 * origin) whose own document carries a Content-Security-Policy in a `<meta>` tag, so the policy
 * holds on any static host with no server header. The frame starts each sandbox worker from a
 * blob: URL, and a worker from a blob: URL inherits the policy of the document that made it (as do
 * the workers it would start in turn): no connection of any kind (fetch, WebSocket,
 * WebSocketStream, EventSource, fonts, beacons), no script from a URL (`import()`, eval'd or not,
 * importScripts), only eval for the harness and the learner's module. The page talks to each
 * worker over its own MessagePort, not through the frame, so a Run's messages take no detour; the
 * frame only starts and stops workers and relays a worker's error event.
 */
import sandboxSource from 'virtual:quantcourse/sandbox-worker';

/**
 * The frame's policy. 'unsafe-eval' runs the harness and the learner's code; 'unsafe-inline' runs the
 * frame's own script (the frame never shows anything else); blob: starts the workers. Everything
 * else, the network included, falls back to default-src 'none'.
 */
export const SANDBOX_POLICY = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; worker-src blob:; base-uri 'none'; form-action 'none'";

/** Messages the page sends the frame's script over the control port. */
type ControlRequest = { kind: 'boot'; id: number; port: MessagePort } | { kind: 'stop'; id: number };
/** Messages the frame's script sends back: a worker's error event. */
type ControlResponse = { kind: 'error'; id: number; message: string };

// The frame's script, run as written (plain ES5-level JavaScript in the srcdoc): it takes the worker
// script and the control port from the page once, then boots and stops workers when told.
const FRAME_SCRIPT = `onmessage = function (e) {
  onmessage = null;
  var url = URL.createObjectURL(new Blob([e.data.script], { type: 'text/javascript' }));
  var control = e.data.control, workers = new Map();
  control.onmessage = function (m) {
    var msg = m.data, w = workers.get(msg.id);
    if (msg.kind === 'boot') {
      w = new Worker(url, { name: 'quantcourse-sandbox' });
      workers.set(msg.id, w);
      w.onerror = function (ev) {
        ev.preventDefault();
        control.postMessage({ kind: 'error', id: msg.id, message: String(ev.message || '') });
      };
      w.postMessage(msg.port, [msg.port]);
    } else if (w) {
      w.terminate();
      workers.delete(msg.id);
    }
  };
};`;

/** The frame's whole document. */
export function sandboxDocument(): string {
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${SANDBOX_POLICY}"><script>${FRAME_SCRIPT}</script>`;
}

/** One sandbox worker, booted in the frame: the page's end of its port, and a way to stop it. */
export class Sandbox {
  /** Send the SandboxRequest here; SandboxResponses arrive here. */
  readonly port: MessagePort;
  private failure: string | null = null;
  private onFail: ((message: string) => void) | null = null;
  private stopped = false;
  private readonly host: SandboxHost;
  private readonly id: number;

  /** Booted by a SandboxHost; use `bootSandbox()`. */
  constructor(host: SandboxHost, id: number, port: MessagePort) {
    this.host = host;
    this.id = id;
    this.port = port;
  }

  /** Whether this sandbox can still run code (its frame is alive and it was not stopped or failed). */
  get usable(): boolean {
    return !this.stopped && this.failure === null && !this.host.discarded;
  }

  /** Call `f` once if the worker fails (an error event, or a frame that could not start), now if it already has. */
  onFailure(f: (message: string) => void): void {
    this.onFail = f;
    if (this.failure !== null) f(this.failure);
  }

  /** @internal The frame reported an error event of this worker. */
  fail(message: string): void {
    if (this.failure !== null) return;
    this.failure = message;
    this.onFail?.(message);
  }

  /**
   * Stop the worker. `runaway`: it was stopped at its time limit, still running; then the whole
   * frame goes (with every worker in it: a memory bomb's heap is freed at once, and a frame whose
   * process the bomb took down is not used again) and the next sandbox boots in a new one.
   */
  stop(runaway = false): void {
    if (this.stopped) return;
    this.stopped = true;
    this.port.close();
    if (runaway) this.host.discard();
    else this.host.stop(this.id);
  }
}

/** The hidden frame and the sandboxes booted in it. */
class SandboxHost {
  discarded = false;
  private readonly frame: HTMLIFrameElement;
  private readonly control: MessagePort;
  private readonly sandboxes = new Map<number, Sandbox>();
  private nextId = 1;

  constructor() {
    const channel = new MessageChannel();
    this.control = channel.port1;
    this.control.onmessage = (e: MessageEvent<ControlResponse>) => this.sandboxes.get(e.data.id)?.fail(e.data.message);
    const frame = (this.frame = document.createElement('iframe'));
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.hidden = true;
    frame.title = 'Code sandbox';
    frame.tabIndex = -1;
    frame.setAttribute('aria-hidden', 'true');
    frame.srcdoc = sandboxDocument();
    // The frame's script takes its port once it runs; until then the page's messages wait in the port.
    frame.addEventListener('load', () => {
      if (!this.discarded) frame.contentWindow?.postMessage({ script: sandboxSource, control: channel.port2 }, '*', [channel.port2]);
    }, { once: true });
    document.body.append(frame);
  }

  /** A new worker in this frame, with its port. */
  boot(): Sandbox {
    const id = this.nextId++;
    const channel = new MessageChannel();
    const sandbox = new Sandbox(this, id, channel.port1);
    this.sandboxes.set(id, sandbox);
    this.send({ kind: 'boot', id, port: channel.port2 }, [channel.port2]);
    return sandbox;
  }

  /** Terminate one worker. */
  stop(id: number): void {
    this.sandboxes.delete(id);
    this.send({ kind: 'stop', id });
  }

  /** Remove the frame: every worker it started ends with it. */
  discard(): void {
    if (this.discarded) return;
    this.discarded = true;
    this.frame.remove();
    this.control.close();
    this.sandboxes.clear();
    if (host === this) host = null;
  }

  private send(msg: ControlRequest, transfer: Transferable[] = []): void {
    if (!this.discarded) this.control.postMessage(msg, transfer);
  }
}

let host: SandboxHost | null = null;
let spare: Sandbox | null = null;

/** A fresh sandbox worker in the page's sandbox frame (made on first use, and again after a runaway). */
export function bootSandbox(): Sandbox {
  host ??= new SandboxHost();
  return host.boot();
}

/** Boot a spare sandbox unless one is ready (call when the page is idle: a Run then takes it at once). */
export function prepareSpareSandbox(): void {
  if (spare?.usable) return;
  spare?.stop();
  spare = bootSandbox();
}

/** The spare sandbox if one is ready, else a new one; the caller owns it (and stops it). */
export function takeSandbox(): Sandbox {
  const taken = spare?.usable ? spare : bootSandbox();
  if (spare !== taken) spare?.stop();
  spare = null;
  return taken;
}
