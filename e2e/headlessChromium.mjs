// Debian's chromium, headless, as ../shared/ENVIRONMENT.md §8 gives it: the
// one launch of the browser test and of the install test.
import { chromium } from 'playwright-core';

export function launchHeadlessChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
