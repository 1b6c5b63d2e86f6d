import { createHash } from 'crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { createContext, EvaluationContext, RULEBOOK, RulebookParameters } from '@patuh/rules';

/** The rulebook's parameters for this deployment (merged once, in libs/config: AppConfig.ruleParameters). */
@Injectable()
export class RulesetService {
  readonly params: RulebookParameters;
  readonly version = RULEBOOK.version;
  /**
   * What every evaluation depends on besides the employer's rows: the rulebook version and the parameters (which
   * carry the reference data's figures). Part of each employer's fingerprint: when it moves, an incremental sweep
   * evaluates everyone.
   */
  readonly key: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.params = config.ruleParameters;
    this.key = rulesetKey(this.version, this.params);
  }

  context(asOf: string): EvaluationContext {
    return createContext(asOf, this.params);
  }
}

/** sha1 of the rulebook version and the parameters, as stored in employer_evaluations.ruleset_key. */
export function rulesetKey(version: string, params: RulebookParameters): string {
  return createHash('sha1').update(JSON.stringify({ version, params })).digest('hex');
}
