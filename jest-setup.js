// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
import { configure } from '@testing-library/react';

// The editors load catalog answers and render Grafana's virtualised menus;
// on a loaded 2-core CI machine that can take longer than Testing Library's
// default 1 s for findBy… and waitFor.
configure({ asyncUtilTimeout: 5000 });

// The scaffold's canvas stub returns no context; @grafana/ui's Combobox
// measures its option labels with one, so give it a fixed-width font.
HTMLCanvasElement.prototype.getContext = function getContext() {
  return { font: '', measureText: (text) => ({ width: text.length * 8 }) };
};

// jsdom has no IntersectionObserver; @grafana/ui's ScrollContainer (in the Combobox menu) needs one.
class IntersectionObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
global.IntersectionObserver = global.IntersectionObserver ?? IntersectionObserverStub;

// jsdom has no FontFaceSet; @grafana/ui's Monaco wrapper waits for document.fonts.ready.
if (!document.fonts) {
  Object.defineProperty(document, 'fonts', {
    value: { ready: Promise.resolve(), addEventListener() {}, removeEventListener() {} },
  });
}
