/** A small path router for the workspace under /arbetsyta (history API; no library needed for four routes). */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export const BASE = '/arbetsyta';

type Guard = () => string | null;
let leaveGuard: Guard | null = null;

/** A page with unsaved changes registers a guard: its message is asked before leaving in the app. */
export function setLeaveGuard(g: Guard | null): void {
  leaveGuard = g;
}

export function navigate(to: string, opts: { replace?: boolean; state?: unknown } = {}): void {
  const message = leaveGuard?.();
  if (message && !window.confirm(message)) return;
  leaveGuard = null;
  // `state` goes with the history entry (kept on reload and back), e.g. what the next page should show.
  if (opts.replace) window.history.replaceState(opts.state ?? null, '', to);
  else window.history.pushState(opts.state ?? null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const on = () => setPath(window.location.pathname);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return path;
}

/** An in-app link (a real <a href>, so it also opens in a new tab). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (!props.href.startsWith(BASE)) return;
    e.preventDefault();
    navigate(props.href);
  };
  return <a {...props} onClick={onClick} />;
}
