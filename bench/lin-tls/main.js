// Heap during one HTTP and HTTPS request on the SDK's lin build (mcsim): XS slot and chunk heap in use, sampled each
// millisecond and at every callback, above what was in use before. Garbage is counted until collected: an upper bound.
import {Request} from "http";
import SecureSocket from "securesocket";
import Timer from "timer";
import Instrumentation from "instrumentation";
import Resource from "Resource";

const SLOT = Instrumentation.map("XS Slot Heap Used");
const CHUNK = Instrumentation.map("XS Chunk Heap Used");
const STACK = Instrumentation.map("XS Stack Used");
const heap = () => ({ slots: Instrumentation.get(SLOT), chunks: Instrumentation.get(CHUNK) });
function measure(secure, label, next, verify = true) {
	Timer.delay(50);
	const base = heap();
	let peak = { slots: base.slots, chunks: base.chunks };
	const sampler = Timer.repeat(() => {
		const h = heap();
		if (h.slots > peak.slots) peak.slots = h.slots;
		if (h.chunks > peak.chunks) peak.chunks = h.chunks;
	}, 1);
	const started = Date.now();
	const dictionary = { host: "127.0.0.1", port: secure ? 18443 : 18080, path: "/ecowatt", headers: ["Host", "127.0.0.1", "Connection", "close"] };
	if (secure) {
		dictionary.Socket = SecureSocket;
		dictionary.secure = { certificate: new Resource("testca.der"), protocolVersion: 0x303, tls_server_name: "127.0.0.1", verify };
	}
	const request = new Request(dictionary);
	let bytes = 0;
	request.callback = function (message, value) {
		const h = heap();
		if (h.slots > peak.slots) peak.slots = h.slots;
		if (h.chunks > peak.chunks) peak.chunks = h.chunks;
		if (message === 4) bytes += this.read(ArrayBuffer).byteLength;
		if (message === 5 || message < 0) {
			Timer.clear(sampler);
			trace(`RESULT ${label} message=${message} bytes=${bytes} ms=${Date.now() - started} baseSlots=${base.slots} baseChunks=${base.chunks} peakSlotsAdded=${peak.slots - base.slots} peakChunksAdded=${peak.chunks - base.chunks} stack=${Instrumentation.get(STACK)}\n`);
			if (next) Timer.set(next, 100);
		}
	};
}
measure(false, "http", () => measure(true, "https-noverify", () => measure(true, "https-noverify-again", () => measure(true, "https-verify-chain", () => trace("DONE\n")), false), false));
