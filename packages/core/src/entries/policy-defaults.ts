// @rampart/core/policy-defaults: the defaults of the settings core's policy layer judges an adopting change's policy against. A lean entry: it loads only this module.
export {
  DEFAULT_FAIL_ON,
  DEFAULT_MAX_AGE_DAYS,
  DEFAULT_MIN_RELEASE_AGE_DAYS,
  DEFAULT_SECRETS_MAX_FILE_SIZE,
  DEPS_QUALITY_DEFAULTS,
} from "../policy-defaults.js";
