/**
 * The remote desktop of a harvester: noVNC 1.7 drawing into the panel, over a WebSocket that
 * the nester relays to the harvester's VNC forward. The harvester has authenticated to the VNC
 * server already, so no password is asked for here, and none ever reaches the browser.
 */
import RFB from '@novnc/novnc';
import { useEffect, useRef, useState } from 'preact/hooks';
import { hostHash } from '../../lib/hash-route';
import { closeText, socketUrl } from './remote-api';
import './remote.css';

type State =
  | { status: 'connecting' }
  | { status: 'connected' }
  | { status: 'closed'; message: string; refused: boolean };

export function DesktopPage({ name }: { name: string }) {
  const box = useRef<HTMLDivElement>(null);
  const rfbRef = useRef<RFB | null>(null);
  const [state, setState] = useState<State>({ status: 'connecting' });
  useEffect(() => {
    const ws = new WebSocket(socketUrl(`/api/remote/desktop/${encodeURIComponent(name)}`));
    ws.binaryType = 'arraybuffer';
    let closed: { code: number; reason: string } | null = null;
    ws.addEventListener('close', (e) => {
      closed = { code: e.code, reason: e.reason };
      setState({ status: 'closed', message: closeText(e.code, e.reason), refused: e.code === 4403 });
    });
    const rfb = new RFB(box.current!, ws, { shared: true });
    rfb.scaleViewport = true;
    rfb.background = '#0b1220';
    rfbRef.current = rfb;
    rfb.addEventListener('connect', () => setState({ status: 'connected' }));
    rfb.addEventListener('disconnect', () => {
      if (!closed) setState({ status: 'closed', message: 'disconnected', refused: false });
    });
    return () => {
      rfbRef.current = null;
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) rfb.disconnect();
    };
  }, [name]);
  return (
    <section class="page remote-page">
      <header class="remote-page__bar">
        <a href={hostHash(name)}>← {name}</a>
        <h1>Desktop</h1>
        <span class="toolbar__spacer" />
        <button
          type="button"
          class="button"
          disabled={state.status !== 'connected'}
          onClick={() => rfbRef.current?.sendCtrlAltDel()}
        >
          Ctrl+Alt+Del
        </button>
        <span
          class={`pill ${state.status === 'connected' ? 'pill--online' : state.status === 'closed' && state.refused ? 'pill--offline' : ''}`}
          data-testid="desktop-status"
          data-state={state.status === 'closed' && state.refused ? 'refused' : state.status}
        >
          {state.status === 'connecting' && 'connecting…'}
          {state.status === 'connected' && 'connected'}
          {state.status === 'closed' && `${state.refused ? 'refused: ' : ''}${state.message}`}
        </span>
      </header>
      <div class="remote-desktop" ref={box} data-testid="desktop" />
    </section>
  );
}
