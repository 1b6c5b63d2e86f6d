import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ConfigError } from '@patuh/config';
import {
  createContext,
  defaultParameters,
  EvaluationContext,
  mergeParameters,
  RULEBOOK,
  RulebookParameters,
} from '@patuh/rules';
import type { ReferenceData } from '@patuh/rules';

/** The rulebook's parameters for this deployment: defaults from the contract and the reference file, then RULE_PARAMETERS. */
@Injectable()
export class RulesetService {
  readonly params: RulebookParameters;
  readonly version = RULEBOOK.version;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const base = defaultParameters(config.reference as ReferenceData);
    try {
      this.params = mergeParameters(base, config.ruleParameterOverrides as Partial<RulebookParameters>);
    } catch (e) {
      throw new ConfigError('RULE_PARAMETERS', (e as Error).message);
    }
  }

  context(asOf: string): EvaluationContext {
    return createContext(asOf, this.params);
  }
}
