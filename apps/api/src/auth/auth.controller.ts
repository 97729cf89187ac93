import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ApiError } from '../http/api-error.js';
import { CurrentUser, Public } from './auth.decorators.js';
import { DEMO_USERS } from './demo-users.js';
import type { Principal } from './principal.js';
import { TokenVerifier } from './token-verifier.js';

export class DevelopmentLoginDto {
  @ApiProperty({ example: 'sw.north', description: 'One of the demo users' })
  @IsString()
  @Length(1, 64)
  userId!: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly tokens: TokenVerifier) {}

  @Public()
  @Get('demo-users')
  @ApiOperation({ summary: 'Demo users for the development login (not in production)' })
  demoUsers(): readonly Principal[] {
    this.requireDevelopment();
    return DEMO_USERS;
  }

  @Public()
  @Post('dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in as a demo user (not in production): answers a bearer token' })
  async devLogin(@Body() body: DevelopmentLoginDto): Promise<{ accessToken: string; tokenType: 'Bearer'; user: Principal }> {
    this.requireDevelopment();
    const user = DEMO_USERS.find((u) => u.userId === body.userId);
    if (!user) throw new ApiError(400, 'UNKNOWN_DEMO_USER', `There is no demo user ${body.userId}. Try one of: ${DEMO_USERS.map((u) => u.userId).join(', ')}.`);
    return { accessToken: await this.tokens.issueDevelopmentToken(user), tokenType: 'Bearer', user };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the token says you are' })
  me(@CurrentUser() user: Principal): Principal {
    return user;
  }

  private requireDevelopment(): void {
    if (!this.tokens.developmentLoginEnabled) throw new ApiError(404, 'ROUTE_NOT_FOUND', 'The development login is not available in production.');
  }
}
