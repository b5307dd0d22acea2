// A good neighbour on the host page: stacking below modals and consent banners (and above
// content), clear of a phone's notch and home indicator, 44 px touch targets on a 375 px
// phone, no motion when the visitor asks for less, and Arabic and Hebrew laid out right to left.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { engine } from '../helpers/engine';
import { lyzrAgent } from '../helpers/lyzr-agent';
import { waitFor } from '../helpers/stubs';

const part = <T extends HTMLElement = HTMLElement>(element: VoiceAgentElement, name: string) =>
  element.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const centre = (target: Element) => {
  const box = target.getBoundingClientRect();
  return [box.left + box.width / 2, box.top + box.height / 2] as const;
};
/** What a tap at the launcher's centre lands on (the host, for anything in its shadow DOM). */
const topmostAtLauncher = (element: VoiceAgentElement) => document.elementFromPoint(...centre(part(element, 'launcher')!));

describe('stacking on the host page', () => {
  it('sits above page content and a sticky bar (z-index 10), below a modal (1050) and a consent banner (9999); --voice-agent-z-index overrides it', async () => {
    const page = await fixture<HTMLDivElement>(html`<div>
      <footer style="position: fixed; inset: auto 0 0 0; height: 140px; z-index: 10; background: #eee">sticky bar</footer>
      <voice-agent variant="floating" provider="lyzr" agent-id="a"></voice-agent>
    </div>`);
    const element = page.querySelector('voice-agent')!;
    expect(getComputedStyle(element).zIndex, 'documented default').to.equal('1000');
    expect(topmostAtLauncher(element), 'above the sticky bar').to.equal(element);

    for (const [name, zIndex] of [['modal', 1050], ['consent banner', 9999]] as const) {
      const layer = document.createElement('div');
      layer.style.cssText = `position: fixed; inset: 0; z-index: ${zIndex}; background: rgb(0 0 0 / 0.5)`;
      page.append(layer);
      expect(topmostAtLauncher(element), `below the ${name}`).to.equal(layer);
      element.style.setProperty('--voice-agent-z-index', String(zIndex + 1));
      expect(topmostAtLauncher(element), `--voice-agent-z-index: ${zIndex + 1} lifts it over the ${name}`).to.equal(element);
      element.style.removeProperty('--voice-agent-z-index');
      layer.remove();
    }
  });
});

describe('phones', () => {
  const insetsTitle =
    engine === 'chromium'
      ? 'the floating variant keeps 20 px clear of the safe-area insets (notch, home indicator)'
      : `the floating variant keeps 20 px clear of the safe-area insets (${engine}: no way to emulate insets — checks env() reads 0 here)`;
  it(insetsTitle, async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent variant="floating" provider="lyzr" agent-id="a"></voice-agent>`);
    const launcher = () => part(element, 'launcher')!.getBoundingClientRect();
    expect(innerHeight - launcher().bottom, 'no insets: 20 px from the bottom').to.be.closeTo(20, 1);
    if (engine !== 'chromium') return;
    await executeServerCommand('set-safe-area-insets', { top: 47, bottom: 34, left: 0, right: 30 });
    try {
      await waitFor(() => Math.abs(innerHeight - launcher().bottom - 54) < 1, 'the launcher above the home indicator');
      expect(innerWidth - launcher().right, 'clear of a side inset').to.be.closeTo(50, 1);
      element.setAttribute('placement', 'top-left');
      await element.updateComplete;
      expect(launcher().top, 'clear of the notch').to.be.closeTo(67, 1);
      part(element, 'launcher')!.click();
      await element.updateComplete;
      expect(part(element, 'panel')!.getBoundingClientRect().right, 'the panel inside the safe area').to.be.at.most(innerWidth - 30);
    } finally {
      await executeServerCommand('set-safe-area-insets', {});
    }
  });

  it('every control is at least 44 × 44 px on a 375 px phone: idle, mic test, terms, and a push-to-talk call', async () => {
    const agent = lyzrAgent();
    try {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="width: 375px"><voice-agent provider="lyzr" agent-id="a" push-to-talk terms="Calls are recorded."></voice-agent></div>`,
      );
      const element = wrapper.querySelector('voice-agent')!;
      const seen = new Set<string>();
      const checkTargets = (moment: string) => {
        for (const control of element.shadowRoot!.querySelectorAll<HTMLElement>('button, select, input')) {
          const box = control.getBoundingClientRect();
          const name = control.getAttribute('part')!;
          seen.add(name);
          expect(box.height, `${moment}: ${name} height`).to.be.at.least(44);
          expect(box.width, `${moment}: ${name} width`).to.be.at.least(44);
          expect(box.right, `${moment}: ${name} inside the 375 px screen`).to.be.at.most(wrapper.getBoundingClientRect().right + 0.5);
        }
      };
      checkTargets('idle');
      part(element, 'mic-check-button')!.click();
      await waitFor(() => Boolean(part(element, 'volume')), 'the mic test');
      await waitFor(() => Boolean(part(element, 'device-select')) || engine === 'webkit', 'the picker');
      checkTargets('mic test');
      part(element, 'mic-check-button')!.click();
      part(element, 'button')!.click();
      await element.updateComplete;
      checkTargets('terms');
      part(element, 'accept-button')!.click();
      await waitFor(() => element.state === 'listening', 'the call');
      await element.updateComplete;
      checkTargets('call');
      expect([...seen]).to.include.members(['button', 'mic-check-button', 'volume', 'accept-button', 'decline-button', 'talk-button']);
      await element.stop();
      localStorage.removeItem('voice-agent-consent');

      const floating = await fixture<VoiceAgentElement>(html`<voice-agent variant="floating" provider="lyzr" agent-id="a"></voice-agent>`);
      expect(part(floating, 'launcher')!.getBoundingClientRect().height).to.be.at.least(44);
    } finally {
      agent.restore();
    }
  });
});

describe('reduced motion', () => {
  /** Every style rule of the element's sheets, with the media condition around it. */
  function rulesOf(element: VoiceAgentElement): Array<{ rule: CSSStyleRule; media: string }> {
    const sheets = [...element.shadowRoot!.adoptedStyleSheets, ...[...element.shadowRoot!.querySelectorAll('style')].map((style) => style.sheet!)];
    const rules: Array<{ rule: CSSStyleRule; media: string }> = [];
    const walk = (list: CSSRuleList, media: string) => {
      for (const rule of list) {
        if (rule instanceof CSSMediaRule) walk(rule.cssRules, rule.conditionText);
        else if (rule instanceof CSSStyleRule) rules.push({ rule, media });
      }
    };
    sheets.forEach((sheet) => walk(sheet.cssRules, ''));
    return rules;
  }

  it('every transition or animation is switched off under prefers-reduced-motion: reduce', async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
    const rules = rulesOf(element);
    const moving = rules.filter(({ rule, media }) => !media && (rule.style.transitionDuration || rule.style.animationName));
    expect(moving.length, 'the meters animate by default').to.be.at.least(1);
    const still = rules.filter(({ media }) => /prefers-reduced-motion:\s*reduce/.test(media));
    for (const { rule } of moving) {
      const off = still.find(({ rule: quiet }) => quiet.selectorText === rule.selectorText);
      expect(off, `${rule.selectorText} has a reduced-motion rule`).to.not.equal(undefined);
      expect(off!.rule.style.transitionProperty || off!.rule.style.transition).to.match(/none/);
    }
  });

  if (engine === 'chromium') {
    it('a meter does not animate with reduced motion emulated', async () => {
      const agent = lyzrAgent();
      try {
        const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
        await element.start();
        await waitFor(() => element.state === 'listening', 'the call');
        await element.updateComplete;
        const bar = () => getComputedStyle(part(element, 'meter')!.querySelector('span')!);
        expect(bar().transitionDuration).to.equal('0.06s');
        await emulateMedia({ reducedMotion: 'reduce' });
        expect(bar().transitionDuration === '0s' || bar().transitionProperty === 'none', 'no transition').to.equal(true);
        await element.stop();
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
        agent.restore();
      }
    });
  }
});

describe('right-to-left languages', () => {
  const languages = {
    ar: { start: 'ابدأ المكالمة', idle: 'جاهز للتحدث', check: 'اختبار الميكروفون', accept: 'موافق وابدأ' },
    he: { start: 'התחלת שיחה', idle: 'מוכן לשיחה', check: 'בדיקת מיקרופון', accept: 'אישור והתחלה' },
  };
  for (const [lang, strings] of Object.entries(languages)) {
    it(`lang="${lang}": its own strings, and the controls mirrored (first control on the right)`, async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang=${lang} dir="rtl" style="width: 375px"><voice-agent provider="lyzr" agent-id="a" terms="…"></voice-agent></div>`,
      );
      const element = wrapper.querySelector('voice-agent')!;
      await waitFor(() => part(element, 'button')!.textContent!.trim() === strings.start, `the ${lang} strings`);
      expect(part(element, 'status')!.textContent!.trim()).to.equal(strings.idle);
      expect(part(element, 'mic-check-button')!.textContent!.trim()).to.equal(strings.check);
      expect(element.shadowRoot!.querySelector('[dir]')!.getAttribute('dir')).to.equal('rtl');
      const panel = part(element, 'panel')!.getBoundingClientRect();
      const start = part(element, 'button')!.getBoundingClientRect();
      const check = part(element, 'mic-check-button')!.getBoundingClientRect();
      expect(panel.right - start.right, 'Start at the inline start: the right edge').to.be.below(20);
      expect(check.right, 'the next control to its left').to.be.at.most(start.left);
      part(element, 'button')!.click();
      await element.updateComplete;
      expect(part(element, 'accept-button')!.textContent!.trim()).to.equal(strings.accept);
      expect(getComputedStyle(part(element, 'terms')!).direction).to.equal('rtl');
    });
  }
});
