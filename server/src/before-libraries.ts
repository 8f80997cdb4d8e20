// Imported first by main.ts, so that this runs before any library is loaded.
import { quietDisabledDebug } from "./patches/quiet-debug.js";

quietDisabledDebug();
