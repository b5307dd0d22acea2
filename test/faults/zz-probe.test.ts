import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';

describe('probe', () => {
  it('probes', async () => {
    const out: Record<string, unknown> = {};
    const ctx = new AudioContext();
    out.initialState = ctx.state;
    await new Promise((r) => setTimeout(r, 100));
    out.laterState = ctx.state;
    // generator
    const G = (window as any).MediaStreamTrackGenerator;
    out.hasGenerator = typeof G;
    if (G) {
      const gen = new G({ kind: 'audio' });
      let ended = false;
      gen.addEventListener('ended', () => (ended = true));
      const writer = gen.writable.getWriter();
      await writer.close().catch((e: unknown) => (out.closeErr = String(e)));
      await new Promise((r) => setTimeout(r, 200));
      out.generatorEnded = ended;
      out.generatorReady = gen.readyState;
    }
    // mic track ended on stream source stop?
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const track = stream.getAudioTracks()[0];
    const clone = track.clone();
    let cloneEnded = false;
    clone.addEventListener('ended', () => (cloneEnded = true));
    track.stop();
    await new Promise((r) => setTimeout(r, 200));
    out.cloneEnded = cloneEnded;
    clone.stop();
    // activation
    out.activeBefore = navigator.userActivation.isActive;
    const button = document.createElement('button');
    button.textContent = 'x';
    button.style.cssText = 'position:fixed;left:0;top:0;width:50px;height:50px';
    let activeInClick: unknown;
    button.addEventListener('click', () => (activeInClick = navigator.userActivation.isActive));
    document.body.append(button);
    await sendMouse({ type: 'click', position: [10, 10] });
    out.activeInClick = activeInClick;
    out.hasBeenActive = navigator.userActivation.hasBeenActive;
    // suspend/resume
    await ctx.suspend();
    out.afterSuspend = ctx.state;
    const states: string[] = [];
    ctx.onstatechange = () => states.push(ctx.state);
    await ctx.resume();
    out.states = states;
    await ctx.close();
    // document hidden?
    out.visibility = document.visibilityState;
    console.log(JSON.stringify(out));
    expect(1).to.equal(1);
  });
});
