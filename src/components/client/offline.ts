/**
 * Registers the service worker the build wrote (sw.js: the course offline), once the page has loaded
 * so it never competes with the first paint, and offers to switch to a newer version when one has
 * finished downloading. In development it removes any worker an earlier build left instead.
 */

/** True in a built site, false on the dev server (defined by src/build/offline/index.mjs). */
declare const __QUANTCOURSE_SERVICE_WORKER__: boolean;

/** The site's base path, ending in "/". */
function base(): string {
  return import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
}

/** Register sw.js (production) or unregister any worker of this scope (development). */
export function startOfflineSupport(): void {
  if (!('serviceWorker' in navigator)) return;
  // typeof: should the dev server leave the name unreplaced, it reads as "not a build" instead of throwing.
  if (typeof __QUANTCOURSE_SERVICE_WORKER__ === 'undefined' || !__QUANTCOURSE_SERVICE_WORKER__) {
    void navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => void r.unregister()));
    return;
  }
  const register = async () => {
    try {
      const registration = await navigator.serviceWorker.register(`${base()}sw.js`, { scope: base() });
      watchForUpdate(registration);
    } catch {
      // No worker (a private window, storage refused): the course works online as before.
    }
  };
  if (document.readyState === 'complete') void register();
  else addEventListener('load', () => void register(), { once: true });
}

/** Show the update notice when a newer version is installed and waiting behind the one this page uses. */
function watchForUpdate(registration: ServiceWorkerRegistration): void {
  const offer = () => {
    // Only an update: on the very first visit there is no older version to replace.
    if (registration.waiting && navigator.serviceWorker.controller) showNotice(registration.waiting);
  };
  const follow = (incoming: ServiceWorker | null) =>
    incoming?.addEventListener('statechange', () => {
      if (incoming.state === 'installed') offer();
    });
  offer();
  // The browser may have started installing the update (found on this navigation) before this ran.
  follow(registration.installing);
  registration.addEventListener('updatefound', () => follow(registration.installing));
}

/** The notice: reloading switches every open page to the new version at once (code and progress stay in localStorage). */
function showNotice(waiting: ServiceWorker): void {
  const notice = document.querySelector<HTMLElement>('[data-role="update-notice"]');
  const button = notice?.querySelector<HTMLButtonElement>('[data-action="update-reload"]');
  if (!notice || !button) return;
  notice.hidden = false;
  button.onclick = () => {
    button.disabled = true;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    waiting.postMessage({ type: 'skip-waiting' });
  };
}
