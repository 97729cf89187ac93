import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

export const WEB_PAGE = 'web:page';

/**
 * A controller of the web interface: signed in by the session cookie rather than a bearer token, every form post
 * checked against the CSRF cookie, errors shown as pages (a missing session goes to the sign-in page). Not part of
 * the API's OpenAPI description.
 */
export const WebPages = () => applyDecorators(SetMetadata(WEB_PAGE, true), ApiExcludeController());
