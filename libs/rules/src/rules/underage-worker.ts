import { ageOn, civilFromDays, formatDay, monthsAfterDay, NO_DAY, yearOfIso } from '../dates';
import { makeFinding } from '../findings';
import type { Severity } from '../types';
import type { WorkerRule } from './common';

/**
 * UNDERAGE_WORKER (CONTRACT §6 v2): the worker was under adultAge (18) on some day of a contract with the
 * employer, up to asOf. Age from the recorded birthDate, else from the NIK (the century that puts the birth
 * within the 100 years before the day judged). Unknown birth date: not judged. Critical when under
 * minimumWorkingAge (15) on some contract day, else high. The subject is the worker.
 */
export const UNDERAGE_WORKER: WorkerRule = {
  code: 'UNDERAGE_WORKER',
  level: 'worker',
  title: { id: 'Pekerja anak', en: 'Child worker (under 18)' },
  legalBasis: 'UU 13/2003 Arts 68-69, 74, 185',
  description: {
    id: 'Pekerja berusia di bawah 18 tahun pada suatu hari kontrak dengan pemberi kerja. Pengusaha dilarang mempekerjakan anak (Pasal 68); pelanggaran diancam pidana (Pasal 185). Kritis bila di bawah 15 tahun.',
    en: 'The worker was under 18 on some day of a contract with the employer. Employers may not employ children (Art 68); a breach is a criminal offence (Art 185). Critical under 15.',
  },
  defaultSeverity: 'high',
  defaultParameters: { adultAge: 18, minimumWorkingAge: 15 },
  parameters: ['adultAge', 'minimumWorkingAge'],
  severityLadder: 'high; critical when under minimumWorkingAge (15) on some contract day',
  evaluate(st, out) {
    if (st.refDay === NO_DAY) return;
    const cs = st.contracts;
    const first = cs[0].s;
    const p = st.ctx.params;
    // Cheap first test on the year digits alone (no date parsed, nothing allocated): a worker born at least
    // adultAge + 1 calendar years before the first contract's year is an adult on every contract day. The NIK's
    // century is taken as the later one possible, so the test never passes a child.
    const startYear = cs[0].startYear;
    const bd = st.worker.birthDate;
    if (bd) {
      if (startYear - yearOfIso(bd) > p.adultAge) return;
    } else {
      const nik = st.worker.nik;
      const yy = (nik.charCodeAt(10) - 48) * 10 + nik.charCodeAt(11) - 48;
      const refYear = Math.floor(civilFromDays(st.refDay) / 10000);
      const by = 2000 + yy <= refYear ? 2000 + yy : 1900 + yy;
      if (yy >= 0 && yy <= 99 && startYear - by > p.adultAge) return;
    }
    const b = st.birth();
    if (b.day === null) return;
    const adultDay = monthsAfterDay(b.day, 12 * p.adultAge);
    if (first >= adultDay) return;
    const asOfDay = st.ctx.compiled.asOfDay;
    const lastJudged = asOfDay < adultDay - 1 ? asOfDay : adultDay - 1;
    let days = 0;
    const refs: string[] = [];
    for (const seg of st.segments) {
      if (seg.s > lastJudged) break;
      const hi = seg.e < lastJudged ? seg.e : lastJudged;
      days += hi - seg.s + 1;
      if (!refs.includes(seg.contract.fact.ref)) refs.push(seg.contract.fact.ref);
    }
    const ageFirst = ageOn(b.day, first);
    const severity: Severity = ageFirst < p.minimumWorkingAge ? 'critical' : 'high';
    const stillUnder = asOfDay < adultDay;
    const firstIso = formatDay(first);
    out.push(
      makeFinding(
        UNDERAGE_WORKER,
        st.employer.id,
        st.nik,
        null,
        severity,
        `${st.label} dipekerjakan sejak ${firstIso} pada usia ${ageFirst} tahun, di bawah ${p.adultAge} tahun (${days} hari kerja sebagai anak${stillUnder ? ', masih di bawah umur' : ''}).`,
        `${st.label} has been employed since ${firstIso} at the age of ${ageFirst}, under ${p.adultAge} (${days} contract days as a child${stillUnder ? ', still under age' : ''}).`,
        {
          birthDate: formatDay(b.day),
          birthDateSource: b.source,
          firstContractDay: firstIso,
          ageOnFirstContractDay: ageFirst,
          adultOn: formatDay(adultDay),
          stillUnderageOnAsOf: stillUnder,
          underageContractDays: days,
          contractsWhileUnderage: refs,
          adultAge: p.adultAge,
          minimumWorkingAge: p.minimumWorkingAge,
        },
      ),
    );
  },
};
