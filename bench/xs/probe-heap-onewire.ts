// "onewire" for bench/xs/probe-heap-entry.ts: the test stand-in as the module's default export (the SDK's driver is C).
export { FakeOneWire as default } from "../../test/moddable/support/fake-onewire";
