import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { LoginController } from './login.controller.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { WebErrorPages } from './web-error-pages.js';
import { WebRenderer } from './web-renderer.js';

/** The web interface: server-rendered pages for workers, managers and auditors, over the same commands and queries as the API. */
@Module({
  imports: [AuthModule],
  providers: [WebRenderer, WebErrorPages, OidcSignIn],
  controllers: [LoginController],
  exports: [WebRenderer, WebErrorPages],
})
export class WebModule {}
