/** The tone Chromium's fake microphone plays in tests (see web-test-runner.config.mjs). */
export const FAKE_MIC_HZ = 440;
