import { resetRnd } from "./secrets.js";

// Before each test file: its random values are the same whichever files ran before it in the worker.
resetRnd();
