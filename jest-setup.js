// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

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
