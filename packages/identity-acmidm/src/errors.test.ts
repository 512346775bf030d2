import { localize, SmartLoketError } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { isLoginError, LOGIN_ERROR_CODES, LoginError, loginErrorMessage } from './errors.js';

describe('LoginError', () => {
  it.each(LOGIN_ERROR_CODES)('%s has a Dutch, French and English message', (code) => {
    const text = loginErrorMessage(code);
    for (const locale of ['nl', 'fr', 'en'] as const) {
      expect(text[locale]?.length ?? 0).toBeGreaterThan(10);
    }
    expect(localize(text, 'fr')).not.toBe(text.nl);
  });

  it('carries its code and the localized message, and is a SmartLoketError', () => {
    const error = new LoginError('acr_too_low', 'means csampassword (low) is below high');
    expect(error).toBeInstanceOf(SmartLoketError);
    expect(error.code).toBe('acr_too_low');
    expect(error.userMessage).toBe(loginErrorMessage('acr_too_low'));
    expect(isLoginError(error, 'acr_too_low')).toBe(true);
    expect(isLoginError(error, 'expired')).toBe(false);
    expect(isLoginError(new Error('x'))).toBe(false);
  });
});
