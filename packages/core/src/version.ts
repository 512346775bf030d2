/** The version of @smartloket/core, checked against plugins' `compat.core` ranges. */
export const CORE_VERSION = '0.1.0';
