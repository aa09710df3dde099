import type { AuditCheck } from "../model.js";
import { check as art1 } from "./art-1.js";
import { check as art2 } from "./art-2.js";
import { check as art3 } from "./art-3.js";
import { check as bld1 } from "./bld-1.js";
import { check as bld2 } from "./bld-2.js";
import { check as bld3 } from "./bld-3.js";
import { check as bld4 } from "./bld-4.js";
import { check as bld5 } from "./bld-5.js";
import { check as bld6 } from "./bld-6.js";
import { check as bld7 } from "./bld-7.js";
import { check as bld8 } from "./bld-8.js";
import { check as bld9 } from "./bld-9.js";
import { check as mat1 } from "./mat-1.js";
import { check as mat2 } from "./mat-2.js";
import { check as mat3 } from "./mat-3.js";
import { check as mat4 } from "./mat-4.js";
import { check as mat5 } from "./mat-5.js";
import { check as mat6 } from "./mat-6.js";
import { check as src1 } from "./src-1.js";
import { check as src2 } from "./src-2.js";
import { check as src3 } from "./src-3.js";
import { check as src4 } from "./src-4.js";
import { check as src5 } from "./src-5.js";
import { check as src6 } from "./src-6.js";
import { check as src7 } from "./src-7.js";
import { check as src8 } from "./src-8.js";
import { check as src9 } from "./src-9.js";

/** One check per framework id of FRAMEWORK.md, in its order. */
export const CHECKS: readonly AuditCheck[] = [
  src1,
  src2,
  src3,
  src4,
  src5,
  src6,
  src7,
  src8,
  src9,
  mat1,
  mat2,
  mat3,
  mat4,
  mat5,
  mat6,
  bld1,
  bld2,
  bld3,
  bld4,
  bld5,
  bld6,
  bld7,
  bld8,
  bld9,
  art1,
  art2,
  art3,
];
