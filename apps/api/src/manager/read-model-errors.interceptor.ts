import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import {
  InvalidCursorError,
  ProjectionFailedError,
  ProjectionWaitTimeoutError,
  ProjectionsStoppedError,
  ReadModelNotReadyError,
  ReadModelStoreUnavailableError,
} from '@cje/projections';
import { TimescaleError } from '@cje/timescales';
import { type Observable, catchError, throwError } from 'rxjs';
import { ApiError } from '../http/api-error.js';

/** Read-model and timescale errors as problem details; anything else passes on to the app's filter. */
export function readModelProblem(error: unknown): unknown {
  if (error instanceof InvalidCursorError) return new ApiError(400, error.code, error.message);
  if (error instanceof TimescaleError) return new ApiError(400, error.code, (error as Error).message);
  if (error instanceof ProjectionWaitTimeoutError) {
    return new ApiError(503, 'READ_MODELS_BEHIND', `The lists have not caught up with position ${error.position} yet. Try again in a moment.`, {
      position: error.position,
      retryAfterSeconds: 1,
    });
  }
  if (error instanceof ReadModelNotReadyError) {
    return new ApiError(503, 'READ_MODELS_NOT_READY', 'The lists are still being built from the record. Try again shortly.', { retryAfterSeconds: 5 });
  }
  if (error instanceof ProjectionFailedError || error instanceof ProjectionsStoppedError || error instanceof ReadModelStoreUnavailableError) {
    return new ApiError(503, 'READ_MODELS_UNAVAILABLE', 'The lists are not available at the moment; the service desk has been told by the health check.');
  }
  return error;
}

@Injectable()
export class ReadModelErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => readModelProblem(error))));
  }
}
