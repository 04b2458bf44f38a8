// Builds `xsnap-heap`: the xsnap command-line runner from @agoric/xsnap's XS sources, plus globals that read XS's own
// chunk and slot accounting and its stack's peak. Never edits node_modules: the sources are copied and patched under
// build/.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = join(root, "node_modules/@agoric/xsnap");
const buildDir = join(root, "build/xsnap-heap");

/**
 * heapStats(reset) → { chunks, peakChunks, slots, peakSlots } in bytes and slots, read before anything is allocated;
 * `reset` makes the peaks start again from the current use. heapStress(on): with XS built with mxStress, a collection
 * runs before every allocation, so the peak is what was live at worst — not what a lazy collector let pile up.
 * stackStats(reset) → { slots, peakSlots }: the XS stack in use now and its deepest since the last reset (mxInstrument
 * keeps that peak), for test/xs/run.mjs's check of the firmware's `creation.stack`.
 */
const PLATFORM_PROBE = `
extern int gxStress;
void heapProbeRead(void* machine, int reset, long* out)
{
	txMachine* the = machine;
	out[0] = (long)the->currentChunksSize;
	out[1] = (long)the->peakChunksSize;
	out[2] = (long)the->currentHeapCount;
	out[3] = (long)the->peakHeapCount;
	if (reset) {
		the->peakChunksSize = the->currentChunksSize;
		the->peakHeapCount = the->currentHeapCount;
	}
}
void stackProbeRead(void* machine, int reset, long* out)
{
	txMachine* the = machine;
	out[0] = (long)(the->stackTop - the->stack);
	out[1] = (long)(the->stackTop - the->stackPeak);
	if (reset)
		the->stackPeak = the->stack;
}
void heapProbeStress(int on)
{
	gxStress = on ? 1 : 0;
}
`;
const MAIN_PROBE = `
extern void heapProbeRead(void* machine, int reset, long* out);
extern void heapProbeStress(int on);
static void xs_heapStats(xsMachine* the)
{
	long at[4];
	heapProbeRead(the, (xsToInteger(xsArgc) > 0) && xsTest(xsArg(0)), at);
	xsResult = xsNewObject();
	xsSet(xsResult, xsID("chunks"), xsInteger((xsIntegerValue)at[0]));
	xsSet(xsResult, xsID("peakChunks"), xsInteger((xsIntegerValue)at[1]));
	xsSet(xsResult, xsID("slots"), xsInteger((xsIntegerValue)at[2]));
	xsSet(xsResult, xsID("peakSlots"), xsInteger((xsIntegerValue)at[3]));
}
extern void stackProbeRead(void* machine, int reset, long* out);
static void xs_stackStats(xsMachine* the)
{
	long at[2];
	stackProbeRead(the, (xsToInteger(xsArgc) > 0) && xsTest(xsArg(0)), at);
	xsResult = xsNewObject();
	xsSet(xsResult, xsID("slots"), xsInteger((xsIntegerValue)at[0]));
	xsSet(xsResult, xsID("peakSlots"), xsInteger((xsIntegerValue)at[1]));
}
static void xs_heapStress(xsMachine* the)
{
	heapProbeStress((xsToInteger(xsArgc) > 0) && xsTest(xsArg(0)));
}
`;
const ANCHOR = `\txsDefine(xsGlobal, xsID("gc"), xsResult, xsDontEnum);\n`;
const REGISTER = `${ANCHOR}\txsResult = xsNewHostFunction(xs_heapStats, 1);\n\txsDefine(xsGlobal, xsID("heapStats"), xsResult, xsDontEnum);\n\txsResult = xsNewHostFunction(xs_heapStress, 1);\n\txsDefine(xsGlobal, xsID("heapStress"), xsResult, xsDontEnum);\n\txsResult = xsNewHostFunction(xs_stackStats, 1);\n\txsDefine(xsGlobal, xsID("stackStats"), xsResult, xsDontEnum);\n`;

/**
 * xsnap.mk's own C_OPTIONS without mxProfile: mxInstrument (which keeps the stack's peak) brings its own profiler
 * functions, which mxProfile's xsProfile.c defines again.
 */
const STACK_C_OPTIONS = [
  "-fno-common", "-DINCLUDE_XSPLATFORM", '-DXSPLATFORM=\\"xsnapPlatform.h\\"', "-DmxLockdown=1", "-DmxMetering=1", "-DmxParse=1",
  "-DmxRun=1", "-DmxSloppy=1", "-DmxSnapshot=1", "-DmxRegExpUnicodePropertyEscapes=1", "-DmxStringNormalize=1", "-DmxMinusZero=1",
  "-I$(INC_DIR)", "-I$(PLT_DIR)", "-I$(SRC_DIR)", "-I$(TLS_DIR)", "-I$(TMP_DIR)", "-Wno-misleading-indentation", "-Wno-implicit-fallthrough",
  "-DmxBoundsCheck=1", "-O3",
].join(" ");

/** Path of the probe runner, built on first use (~1 min). */
export function xsnapHeapBinary() {
  const bin = join(buildDir, "bin/lin/release/xsnap-heap");
  if (existsSync(bin)) return bin;
  const sources = join(buildDir, "sources");
  mkdirSync(sources, { recursive: true });
  cpSync(join(pkg, "xsnap-native/xsnap/sources"), sources, { recursive: true });
  const main = readFileSync(join(sources, "xsnap.c"), "utf8");
  if (!main.includes(ANCHOR)) throw new Error("xsnap.c changed: the gc() registration to patch after was not found");
  // The globals are registered beside gc() in xsnap.c; what reads the machine's fields goes in xsnapPlatform.c,
  // the one source that sees them (xsAll.h).
  const declared = "static void xs_heapStats(xsMachine* the);\nstatic void xs_heapStress(xsMachine* the);\nstatic void xs_stackStats(xsMachine* the);\n";
  writeFileSync(join(sources, "xsnap.c"), `${main.replace('#include "xsnap.h"\n', `#include "xsnap.h"\n${declared}`).replace(ANCHOR, REGISTER)}\n${MAIN_PROBE}`);
  const platform = readFileSync(join(sources, "xsnapPlatform.c"), "utf8");
  writeFileSync(join(sources, "xsnapPlatform.c"), `${platform}\n${PLATFORM_PROBE}`);
  process.stderr.write("bench: building the xsnap-heap runner from @agoric/xsnap sources...\n");
  const made = spawnSync(
    "make",
    [`MODDABLE=${join(pkg, "moddable")}`, `BUILD_DIR=${buildDir}`, `TLS_DIR=${sources}`, "NAME=xsnap-heap", "GOAL=release", "XSNAP_VERSION=0.15.0", 'CC=cc "-D__has_builtin(x)=1" -DmxStress=1 -DmxInstrument=1', `C_OPTIONS=${STACK_C_OPTIONS}`, "-f", "xsnap.mk"],
    { cwd: join(pkg, "xsnap-native/xsnap/makefiles/lin"), encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`building xsnap-heap failed (exit ${made.status}):\n${made.stdout}${made.stderr}`);
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(`${xsnapHeapBinary()}\n`);
