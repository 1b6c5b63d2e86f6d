import { Module } from '@nestjs/common';
import { CasesModule } from '@patuh/cases';
import { EmployersService } from './employers.service';
import { UserStates } from './user-states';
import { UsersService } from './users.service';

/** Accounts: employers and their API keys, users and their sign-in state. Used by the API app. */
@Module({
  imports: [CasesModule],
  providers: [EmployersService, UsersService, UserStates],
  exports: [EmployersService, UsersService, UserStates],
})
export class AccountsModule {}
