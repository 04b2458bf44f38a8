// Entry of the Moddable self-test build (mcconfig -p lin test/moddable/manifest.json): print first, then the suite.
// Test-only: the firmware's entry is /main.ts. A load failure is printed, since XS would only say "unhandled exception".
import "test/moddable/print";

import("test/moddable/crypto.mc").catch((error) => print(`FAIL moddable-crypto: the suite did not load: ${error}\n${error?.stack ?? ""}`));
