import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { createContext, EvaluationContext, RULEBOOK, RulebookParameters } from '@patuh/rules';

/** The rulebook's parameters for this deployment (merged once, in libs/config: AppConfig.ruleParameters). */
@Injectable()
export class RulesetService {
  readonly params: RulebookParameters;
  readonly version = RULEBOOK.version;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.params = config.ruleParameters;
  }

  context(asOf: string): EvaluationContext {
    return createContext(asOf, this.params);
  }
}
