import type { ValidationPipeOptions } from '@nestjs/common';

/**
 * How every request body is validated (the app's global ValidationPipe): unknown fields refused, every error
 * reported. Web forms that build a command body validate it with the same options, so a form accepts exactly what
 * the API accepts.
 */
export const BODY_VALIDATION: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
};
