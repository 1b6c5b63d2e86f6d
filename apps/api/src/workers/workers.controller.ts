import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { WorkersService } from '@patuh/cases';
import { RequireRole } from '../auth/principal';
import { CaseView, ProblemView } from '../cases/cases.dto';
import { TimelineView } from '../cases/timeline.dto';

class WorkerContractView {
  @ApiProperty() employerId!: number;
  @ApiProperty() employerName!: string;
  @ApiProperty() ref!: string;
  @ApiProperty({ enum: ['PKWT', 'PKWTT'] }) type!: string;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endDate!: string | null;
  @ApiProperty({ description: 'Whole rupiah' }) monthlyWage!: number;
  @ApiProperty({ type: String, nullable: true }) position!: string | null;
}

class WorkerEnrolmentView {
  @ApiProperty() employerId!: number;
  @ApiProperty() employerName!: string;
  @ApiProperty({ type: String, nullable: true }) kpj!: string | null;
  @ApiProperty({ type: [String] }) programs!: string[];
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveTo!: string | null;
  @ApiProperty({ type: Number, nullable: true }) reportedWage!: number | null;
}

class WorkerSponsoredView {
  @ApiProperty({ type: [String] }) programs!: string[];
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveTo!: string | null;
  @ApiProperty({ type: String, nullable: true }) district!: string | null;
}

class WorkerBpjsRecordView {
  @ApiProperty() npp!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The employer registered with that NPP' })
  employerId!: number | null;
  @ApiProperty({ type: String, nullable: true }) employerName!: string | null;
  @ApiProperty() loadId!: number;
  @ApiProperty({ format: 'date' }) loadAsOf!: string;
  @ApiProperty() kpj!: string;
  @ApiProperty({ type: [String] }) programs!: string[];
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveTo!: string | null;
  @ApiProperty({ description: 'Whole rupiah' }) reportedWage!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2025-05',
    description: 'Last month paid; null: nothing paid',
  })
  paidThrough!: string | null;
}

class ReportedIdentityView {
  @ApiProperty() employerId!: number;
  @ApiProperty() employerName!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) birthDate!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When this employer last reported the worker' })
  reportedAt!: string;
}

export class WorkerView {
  @ApiProperty({ example: '6408014107950003' }) nik!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The name in the latest employer's report (each employer's own: reportedBy)",
  })
  name!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The birth date in the latest report that gave one',
  })
  birthDate!: string | null;
  @ApiProperty({
    type: [ReportedIdentityView],
    description:
      'The name and birth date each employer reported (latest first): each its own, none overwriting another',
  })
  reportedBy!: ReportedIdentityView[];
  @ApiProperty({ type: [WorkerContractView], description: 'With every employer, by start' })
  contracts!: WorkerContractView[];
  @ApiProperty({ type: [WorkerEnrolmentView] }) enrolments!: WorkerEnrolmentView[];
  @ApiProperty({ type: [WorkerSponsoredView], description: 'Government-paid (pekerja rentan) coverage rows' })
  sponsoredCoverage!: WorkerSponsoredView[];
  @ApiProperty({
    type: [WorkerBpjsRecordView],
    description:
      "BPJS Ketenagakerjaan's own records of the NIK in the loads judged now, under any NPP (CONTRACT §9)",
  })
  bpjsRecords!: WorkerBpjsRecordView[];
  @ApiProperty({ type: [CaseView], description: 'Every case about the worker, most severe first' })
  cases!: CaseView[];
  @ApiProperty({
    type: TimelineView,
    description:
      "Across every employer as of today (BUSINESS_TZ); chains per employer, the contractors of one principal chained together (CONTRACTOR_HOPPING's picture)",
  })
  timeline!: TimelineView;
}

@ApiTags('workers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@ApiForbiddenResponse({ type: ProblemView, description: 'Not an inspector or above (employer keys too)' })
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Get(':nik')
  @RequireRole('inspector')
  @ApiOperation({
    summary:
      'One worker across every employer: contracts, enrolments, sponsored coverage, cases and the timeline (inspectors and above)',
  })
  @ApiParam({ name: 'nik', type: String, description: '16 digits', example: '6408014107950003' })
  @ApiOkResponse({ type: WorkerView })
  @ApiBadRequestResponse({ type: ProblemView, description: 'Not a valid NIK' })
  @ApiNotFoundResponse({ type: ProblemView, description: 'No worker with this NIK' })
  get(@Param('nik') nik: string) {
    return this.workers.get(nik);
  }
}
