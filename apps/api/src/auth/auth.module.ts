import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig, rateLimits } from '@cje/runtime';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { RateLimiter } from './rate-limiter.js';
import { TokenVerifier } from './token-verifier.js';

@Module({
  providers: [
    TokenVerifier,
    { provide: RateLimiter, inject: [AppConfig], useFactory: (config: AppConfig) => new RateLimiter(rateLimits(config).windowMs) },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  controllers: [AuthController],
  exports: [TokenVerifier],
})
export class AuthModule {}
