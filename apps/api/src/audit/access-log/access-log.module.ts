import { Global, Module } from '@nestjs/common';
import { AccessLog } from './access-log.js';
import { accessLogStoreProvider } from './access-log-store.provider.js';
import { RecordAccessInterceptor } from './record-access.interceptor.js';

/** Global: any controller showing a child's data marks its route @RecordAccess(view). */
@Global()
@Module({
  providers: [accessLogStoreProvider, AccessLog, RecordAccessInterceptor],
  exports: [AccessLog, RecordAccessInterceptor],
})
export class AccessLogModule {}
