/** The tone the fake microphone plays in tests, in every engine (see test/fixtures/wtr-common.mjs). */
export const FAKE_MIC_HZ = 440;
