/** A catch-all listener for the tests that prove learner code reaches no other origin. */
import type { AddressInfo } from 'node:net';

/** A listener on another local port that counts every connection and datagram aimed at it. */
export interface Sink {
  /** host:port to aim at (TCP and UDP listen on the same port number). */
  host: string;
  /** TCP connections accepted plus UDP datagrams received so far. */
  hits(): number;
  /** The first line of each TCP connection (an HTTP request line) and "udp" per datagram. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A raw TCP server (counts HTTP, WebSocket, EventSource, font and beacon requests alike: every one
 * opens a connection) and a UDP socket on the same port number (QUIC for WebTransport, STUN for
 * WebRTC), for tests that prove nothing reaches another origin.
 */
export async function startSink(): Promise<Sink> {
  const { createServer } = await import('node:net');
  const { createSocket } = await import('node:dgram');
  const seen: string[] = [];
  let hits = 0;
  const tcp = createServer((socket) => {
    hits++;
    const at = seen.push('(connected)') - 1;
    socket.once('data', (d) => { seen[at] = d.toString('latin1').split('\r\n')[0]!; });
    socket.on('error', () => undefined);
    // Closed without an answer: every channel then fails fast instead of waiting for a reply.
    setTimeout(() => socket.destroy(), 100);
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as AddressInfo;
  const udp = createSocket('udp4');
  udp.on('message', () => { hits++; seen.push('udp'); });
  await new Promise<void>((resolve, reject) => { udp.once('error', reject); udp.bind(port, '127.0.0.1', () => resolve()); });
  return {
    host: `127.0.0.1:${port}`,
    hits: () => hits,
    seen,
    close: async () => {
      await new Promise<void>((r) => tcp.close(() => r()));
      await new Promise<void>((r) => udp.close(() => r()));
    },
  };
}
