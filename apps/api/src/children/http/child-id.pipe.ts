import { Injectable, type PipeTransform } from '@nestjs/common';
import { ChildNotFoundError } from '../../http/api-error.js';
import { isChildId } from '../child-id.js';

/** A malformed child id names no record: 404, like any other child the caller cannot see. */
@Injectable()
export class ChildIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isChildId(value)) throw new ChildNotFoundError(value.slice(0, 64).replace(/[^A-Za-z0-9_.-]/g, '?'));
    return value;
  }
}
