/**
 * The words of the written warning (Surat Peringatan), rule by rule, in Indonesian: what was found, the legal
 * basis, what the employer must do, and the sanction that fits the rule. BPJS Ketenagakerjaan obligations carry
 * the sanctions of UU 24/2011 Art 17 and PP 86/2013; PKWT obligations the consequences of UU 13/2003 (as amended
 * by UU 6/2023) and PP 35/2021; the minimum wage and child labour the criminal provisions of UU 13/2003; the
 * reporting duty UU 7/1981. Every rule code of the rulebook has an entry (a unit test holds it to that).
 *
 * Texts are plain sentences; `{batas}` in `tindakan` is replaced by the deadline of the letter
 * ("2 Desember 2026 (10 hari kerja sejak tanggal surat ini)").
 */
import type { RuleCode } from '@patuh/rules';

/** Codes of rulebook v2 and of the BPJS cross-check that the rulebook of this build may not know yet. */
export type NoticeRuleCode =
  RuleCode | 'PKWT_COMPENSATION_UNPAID' | 'UNDERAGE_WORKER' | 'ENROLMENT_UNVERIFIED' | 'CONTRIBUTION_ARREARS';

/** Which body of sanctions a rule's breach falls under. */
export type SanctionRegime =
  'bpjs' | 'bpjs_arrears' | 'pkwt' | 'pkwt_policy' | 'compensation' | 'wage' | 'child' | 'wlkp' | 'general';

export interface NoticeText {
  /** The obligation breached, as the letter's subject. */
  readonly kewajiban: string;
  /** The legal basis, in Indonesian, one provision a line. */
  readonly dasarHukum: readonly string[];
  /** What the finding means in law, after the case's own one-sentence summary. */
  readonly temuan: string;
  /** What the employer must do; `{batas}` is the deadline. */
  readonly tindakan: readonly string[];
  readonly sanksi: SanctionRegime;
}

const UU24 = 'Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial';
const UU13 =
  'Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan sebagaimana telah diubah dengan Undang-Undang Nomor 6 Tahun 2023';
const PP35 =
  'Peraturan Pemerintah Nomor 35 Tahun 2021 tentang Perjanjian Kerja Waktu Tertentu, Alih Daya, Waktu Kerja dan Waktu Istirahat, dan Pemutusan Hubungan Kerja';
const PP86 =
  'Peraturan Pemerintah Nomor 86 Tahun 2013 tentang Tata Cara Pengenaan Sanksi Administratif kepada Pemberi Kerja Selain Penyelenggara Negara dan Setiap Orang, Selain Pemberi Kerja, Pekerja, dan Penerima Bantuan Iuran dalam Penyelenggaraan Jaminan Sosial';

const ENROLMENT_BASIS = [
  `${UU24}, Pasal 15 ayat (1): pemberi kerja wajib mendaftarkan dirinya dan pekerjanya sebagai peserta kepada BPJS sesuai dengan program jaminan sosial yang diikuti`,
  'Peraturan Pemerintah Nomor 44 Tahun 2015 tentang Penyelenggaraan Program Jaminan Kecelakaan Kerja dan Jaminan Kematian',
  'Kebijakan Pemerintah Kabupaten Kutai Timur: pekerja didaftarkan sejak hari pertama bekerja',
];

export const NOTICE_TEXTS: Readonly<Record<NoticeRuleCode, NoticeText>> = {
  ENROLMENT_MISSING: {
    kewajiban: 'Kewajiban mendaftarkan pekerja dalam program BPJS Ketenagakerjaan',
    dasarHukum: ENROLMENT_BASIS,
    temuan:
      'Pekerja tersebut bekerja pada perusahaan Saudara tanpa terdaftar sebagai peserta BPJS Ketenagakerjaan. Selama belum didaftarkan, risiko kecelakaan kerja dan kematian pekerja menjadi tanggungan perusahaan sendiri.',
    tindakan: [
      'mendaftarkan pekerja tersebut sebagai peserta BPJS Ketenagakerjaan pada seluruh program yang wajib bagi skala usaha Saudara, dan membayar iuran sejak hari pertama bekerja;',
      'menyampaikan bukti kepesertaan (nomor KPJ) dan bukti pembayaran iuran paling lambat {batas}.',
    ],
    sanksi: 'bpjs',
  },
  ENROLMENT_LATE: {
    kewajiban: 'Kewajiban mendaftarkan pekerja dalam program BPJS Ketenagakerjaan sejak hari pertama bekerja',
    dasarHukum: ENROLMENT_BASIS,
    temuan:
      'Pekerja tersebut telah terdaftar, tetapi didaftarkan setelah mulai bekerja, sehingga terdapat hari kerja tanpa perlindungan jaminan sosial dan iuran yang tidak dibayarkan untuk masa tersebut.',
    tindakan: [
      'memastikan setiap pekerja baru didaftarkan sejak hari pertama bekerja;',
      'menyelesaikan dengan BPJS Ketenagakerjaan iuran untuk masa yang belum dilindungi, dan menyampaikan buktinya paling lambat {batas}.',
    ],
    sanksi: 'bpjs',
  },
  PROGRAM_INCOMPLETE: {
    kewajiban:
      'Kewajiban mengikutsertakan pekerja dalam seluruh program BPJS Ketenagakerjaan sesuai skala usaha',
    dasarHukum: [
      `${UU24}, Pasal 15 ayat (1)`,
      'Peraturan Presiden Nomor 109 Tahun 2013 tentang Penahapan Kepesertaan Program Jaminan Sosial, Pasal 6: usaha mikro wajib JKK dan JKM; usaha kecil JKK, JKM dan JHT; usaha menengah dan besar JKK, JKM, JHT dan JP',
      'Peraturan Pemerintah Nomor 45 Tahun 2015 tentang Penyelenggaraan Program Jaminan Pensiun, Pasal 15 (usia pensiun)',
    ],
    temuan:
      'Pekerja tersebut terdaftar, tetapi tidak pada seluruh program yang wajib diikuti menurut skala usaha perusahaan Saudara (perusahaan daftar sebagian program).',
    tindakan: [
      'mendaftarkan pekerja tersebut pada program yang belum diikuti dan membayar iurannya;',
      'menyampaikan bukti kepesertaan seluruh program yang wajib paling lambat {batas}.',
    ],
    sanksi: 'bpjs',
  },
  WAGE_UNDER_REPORTED: {
    kewajiban: 'Kewajiban melaporkan upah pekerja kepada BPJS Ketenagakerjaan secara lengkap dan benar',
    dasarHukum: [
      `${UU24}, Pasal 15 ayat (2): pemberi kerja wajib memberikan data dirinya dan pekerjanya secara lengkap dan benar kepada BPJS`,
      'Peraturan Pemerintah Nomor 44 Tahun 2015 (iuran dihitung dari upah sebulan)',
    ],
    temuan:
      'Upah yang dilaporkan kepada BPJS Ketenagakerjaan lebih rendah daripada upah menurut perjanjian kerja (perusahaan daftar sebagian upah), sehingga iuran yang dibayar dan manfaat yang akan diterima pekerja lebih kecil dari yang semestinya.',
    tindakan: [
      'memperbaiki data upah pekerja tersebut pada BPJS Ketenagakerjaan sesuai upah yang sebenarnya dibayarkan;',
      'membayar kekurangan iuran dan menyampaikan buktinya paling lambat {batas}.',
    ],
    sanksi: 'bpjs',
  },
  WAGE_BELOW_MINIMUM: {
    kewajiban: 'Larangan membayar upah lebih rendah dari upah minimum',
    dasarHukum: [
      `${UU13}, Pasal 88E ayat (2): pengusaha dilarang membayar upah lebih rendah dari upah minimum`,
      'Pasal 90B UU 13/2003 (pengecualian hanya bagi usaha mikro dan kecil)',
      'Peraturan Pemerintah Nomor 36 Tahun 2021 tentang Pengupahan sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 51 Tahun 2023',
      'Keputusan Gubernur Kalimantan Timur tentang Upah Minimum Kabupaten/Kota (UMK) Kutai Timur tahun yang bersangkutan',
    ],
    temuan:
      'Perusahaan Saudara, yang bukan usaha mikro atau kecil, membayar upah pekerja tersebut di bawah upah minimum yang berlaku, sebagaimana rincian di bawah ini.',
    tindakan: [
      'membayar upah pekerja tersebut sekurang-kurangnya sebesar upah minimum yang berlaku;',
      'membayar seluruh kekurangan upah sejak upah dibayar di bawah upah minimum, dan menyesuaikan upah yang dilaporkan kepada BPJS Ketenagakerjaan;',
      'menyampaikan bukti pembayaran paling lambat {batas}.',
    ],
    sanksi: 'wage',
  },
  PKWT_DURATION_EXCEEDED: {
    kewajiban: 'Batas jangka waktu Perjanjian Kerja Waktu Tertentu (PKWT)',
    dasarHukum: [
      `${UU13}, Pasal 56 dan Pasal 59`,
      `${PP35}, Pasal 8: PKWT berdasarkan jangka waktu paling lama 5 (lima) tahun, termasuk perpanjangannya`,
      'Putusan Mahkamah Konstitusi Nomor 168/PUU-XXI/2023 (jangka waktu PKWT paling lama 5 tahun termasuk perpanjangan)',
    ],
    temuan:
      'Rangkaian PKWT pekerja tersebut telah melampaui batas jangka waktu 5 (lima) tahun. PKWT yang tidak memenuhi ketentuan tersebut demi hukum menjadi Perjanjian Kerja Waktu Tidak Tertentu (PKWTT), dan masa kerja dihitung sejak PKWT pertama.',
    tindakan: [
      'mengakui secara tertulis status pekerja tersebut sebagai pekerja dengan PKWTT, dengan masa kerja dihitung sejak awal rangkaian PKWT;',
      'tidak mengakhiri hubungan kerja dengan alasan berakhirnya kontrak;',
      'menyampaikan salinan pengangkatan atau perjanjian kerja yang telah disesuaikan paling lambat {batas}.',
    ],
    sanksi: 'pkwt',
  },
  PKWT_SERIAL_RENEWAL: {
    kewajiban: 'Penggunaan PKWT yang diperbarui berulang kali untuk pekerjaan yang sama',
    dasarHukum: [
      `${UU13}, Pasal 59 ayat (1) dan ayat (2): PKWT hanya untuk pekerjaan tertentu yang akan selesai dalam waktu tertentu dan tidak dapat diadakan untuk pekerjaan yang bersifat tetap`,
      `${PP35}, Pasal 5 dan Pasal 8`,
      'Kebijakan Pemerintah Kabupaten Kutai Timur terhadap pembaruan PKWT dari tahun ke tahun',
    ],
    temuan:
      'Pekerja tersebut dipekerjakan dengan PKWT yang berulang kali diperpanjang atau diperbarui. Peraturan perundang-undangan membatasi jangka waktu PKWT, bukan jumlahnya; namun pembaruan berulang untuk pekerjaan yang sama menunjukkan pekerjaan yang bersifat tetap, dan PKWT untuk pekerjaan yang bersifat tetap demi hukum menjadi PKWTT.',
    tindakan: [
      'meninjau kembali jenis dan sifat pekerjaan pekerja tersebut; apabila pekerjaannya bersifat tetap, mengangkatnya sebagai pekerja dengan PKWTT;',
      'menyampaikan penjelasan tertulis beserta salinan perjanjian kerjanya paling lambat {batas}.',
    ],
    sanksi: 'pkwt_policy',
  },
  PKWT_LEGACY_BREACH: {
    kewajiban: 'Ketentuan PKWT menurut Pasal 59 UU 13/2003 sebelum berlakunya PP 35/2021',
    dasarHukum: [
      'Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan, Pasal 59 ayat (4) sampai dengan ayat (7) (sebelum diubah): PKWT paling lama 2 tahun, diperpanjang 1 kali paling lama 1 tahun; pembaruan 1 kali paling lama 2 tahun setelah masa tenggang 30 hari',
      'Keputusan Menteri Tenaga Kerja dan Transmigrasi Nomor KEP.100/MEN/VI/2004, Pasal 15',
    ],
    temuan:
      'Rangkaian PKWT pekerja tersebut yang dibuat sebelum 2 Februari 2021 tidak memenuhi Pasal 59 UU 13/2003. Menurut Pasal 59 ayat (7) UU 13/2003, PKWT yang demikian demi hukum menjadi PKWTT sejak terjadinya pelanggaran.',
    tindakan: [
      'mengakui secara tertulis status pekerja tersebut sebagai pekerja dengan PKWTT, dengan masa kerja dihitung sejak awal rangkaian PKWT;',
      'apabila hubungan kerja telah berakhir, memenuhi hak-hak pekerja sebagai pekerja PKWTT;',
      'menyampaikan buktinya paling lambat {batas}.',
    ],
    sanksi: 'pkwt',
  },
  CONTRACTOR_HOPPING: {
    kewajiban: 'Batas jangka waktu PKWT bagi pekerja yang dipindahkan antar perusahaan alih daya',
    dasarHukum: [
      `${UU13}, Pasal 59 dan Pasal 66`,
      `${PP35}, Pasal 8 (PKWT paling lama 5 tahun) dan Pasal 19 (pengalihan pelindungan hak pekerja apabila terjadi pergantian perusahaan alih daya)`,
    ],
    temuan:
      'Pekerja tersebut dipindahkan antar perusahaan alih daya (kontraktor) yang bekerja untuk perusahaan Saudara dengan PKWT yang bersambung, sehingga batas jangka waktu PKWT terlampaui. Pergantian perusahaan alih daya tidak menghapus masa kerja dan hak pekerja sepanjang objek pekerjaannya tetap ada.',
    tindakan: [
      'memastikan bahwa perusahaan alih daya yang bersangkutan mengakui masa kerja pekerja tersebut sejak PKWT pertama dan mengangkatnya sebagai pekerja dengan PKWTT;',
      'mensyaratkan dalam perjanjian alih daya perusahaan Saudara bahwa perjanjian kerja pekerja alih daya memuat pengalihan pelindungan hak pekerja apabila terjadi pergantian perusahaan alih daya;',
      'menyampaikan buktinya paling lambat {batas}.',
    ],
    sanksi: 'pkwt',
  },
  PKWT_COMPENSATION_UNPAID: {
    kewajiban: 'Kewajiban membayar uang kompensasi pada berakhirnya PKWT',
    dasarHukum: [
      `${UU13}, Pasal 61A: pengusaha wajib memberikan uang kompensasi kepada pekerja pada berakhirnya PKWT`,
      `${PP35}, Pasal 15 sampai dengan Pasal 17: uang kompensasi bagi pekerja dengan masa kerja paling sedikit 1 bulan, sebesar masa kerja/12 × 1 bulan upah`,
    ],
    temuan:
      'PKWT pekerja tersebut telah berakhir, tetapi uang kompensasi tidak dibayarkan atau dibayarkan kurang dari yang wajib menurut masa kerja dan upahnya.',
    tindakan: [
      'membayar uang kompensasi atau kekurangannya kepada pekerja tersebut sebesar yang tercantum di atas;',
      'menyampaikan bukti pembayaran paling lambat {batas}.',
    ],
    sanksi: 'compensation',
  },
  UNDERAGE_WORKER: {
    kewajiban: 'Larangan mempekerjakan anak',
    dasarHukum: [
      `${UU13}, Pasal 68: pengusaha dilarang mempekerjakan anak (setiap orang yang berumur di bawah 18 tahun)`,
      'Pasal 69 UU 13/2003: pengecualian hanya untuk pekerjaan ringan bagi anak berumur 13 sampai dengan 15 tahun dengan syarat yang ketat (izin tertulis orang tua, paling lama 3 jam sehari, siang hari dan tidak mengganggu sekolah)',
      'Pasal 74 UU 13/2003: larangan mempekerjakan anak pada pekerjaan-pekerjaan terburuk',
    ],
    temuan:
      'Menurut tanggal lahirnya, pekerja tersebut berumur di bawah 18 tahun pada masa perjanjian kerjanya dengan perusahaan Saudara.',
    tindakan: [
      'segera menghentikan mempekerjakan anak tersebut dan mengembalikannya kepada orang tua atau walinya, tanpa mengurangi upah dan hak lain yang telah menjadi haknya;',
      'memeriksa umur seluruh pekerja dan tidak mempekerjakan anak;',
      'menyampaikan laporan tertulis tentang langkah yang telah diambil paling lambat {batas}.',
    ],
    sanksi: 'child',
  },
  EMPLOYER_UNREGISTERED: {
    kewajiban: 'Kewajiban pemberi kerja mendaftarkan diri sebagai peserta BPJS Ketenagakerjaan',
    dasarHukum: [
      `${UU24}, Pasal 15 ayat (1)`,
      'Peraturan Presiden Nomor 109 Tahun 2013 tentang Penahapan Kepesertaan Program Jaminan Sosial',
    ],
    temuan:
      'Perusahaan Saudara mempekerjakan pekerja tetapi belum terdaftar sebagai pemberi kerja pada BPJS Ketenagakerjaan (tidak memiliki Nomor Pendaftaran Perusahaan/NPP), sehingga termasuk perusahaan wajib belum daftar (PWBD).',
    tindakan: [
      'mendaftarkan perusahaan dan seluruh pekerjanya sebagai peserta BPJS Ketenagakerjaan;',
      'menyampaikan NPP dan daftar pekerja yang telah didaftarkan paling lambat {batas}.',
    ],
    sanksi: 'bpjs',
  },
  SPONSORED_COST_SHIFT: {
    kewajiban: 'Kewajiban pemberi kerja menanggung iuran jaminan sosial pekerjanya',
    dasarHukum: [
      `${UU24}, Pasal 15 ayat (1) dan Pasal 19 ayat (2): pemberi kerja wajib mendaftarkan pekerjanya dan membayar serta menyetor iuran yang menjadi tanggung jawabnya`,
      'Bantuan iuran Pemerintah Kabupaten Kutai Timur diperuntukkan bagi pekerja rentan bukan penerima upah',
    ],
    temuan:
      'Pekerja tersebut bekerja pada perusahaan Saudara berdasarkan perjanjian kerja, tetapi iuran jaminan sosialnya dibayar oleh Pemerintah Kabupaten Kutai Timur sebagai pekerja rentan. Iuran pekerja penerima upah adalah kewajiban pemberi kerja.',
    tindakan: [
      'mendaftarkan pekerja tersebut sebagai peserta penerima upah atas tanggungan perusahaan Saudara;',
      'menyampaikan bukti kepesertaan paling lambat {batas}, agar bantuan iuran Pemerintah Kabupaten dapat dihentikan.',
    ],
    sanksi: 'bpjs',
  },
  SELF_REPORT_OVERDUE: {
    kewajiban: 'Kewajiban wajib lapor ketenagakerjaan di perusahaan (WLKP)',
    dasarHukum: [
      'Undang-Undang Nomor 7 Tahun 1981 tentang Wajib Lapor Ketenagakerjaan di Perusahaan, Pasal 6 dan Pasal 8: pengusaha wajib melaporkan ketenagakerjaan di perusahaannya secara tertulis setiap tahun',
      'Peraturan Menteri Ketenagakerjaan Nomor 18 Tahun 2017 tentang Wajib Lapor Ketenagakerjaan di Perusahaan dalam Jaringan',
    ],
    temuan:
      'Laporan ketenagakerjaan perusahaan Saudara tidak disampaikan dalam jangka waktu satu tahun terakhir.',
    tindakan: [
      'menyampaikan laporan ketenagakerjaan perusahaan melalui WLKP daring dan laporan mandiri pada sistem Patuh paling lambat {batas}.',
    ],
    sanksi: 'wlkp',
  },
  ENROLMENT_UNVERIFIED: {
    kewajiban: 'Kewajiban memberikan data kepesertaan yang benar kepada BPJS Ketenagakerjaan',
    dasarHukum: [`${UU24}, Pasal 15 ayat (1) dan ayat (2)`, PP86],
    temuan:
      'Kepesertaan yang dilaporkan perusahaan Saudara untuk pekerja tersebut tidak terdapat dalam data BPJS Ketenagakerjaan untuk NPP perusahaan.',
    tindakan: [
      'mendaftarkan pekerja tersebut pada BPJS Ketenagakerjaan atau menyampaikan bukti kepesertaannya yang sah paling lambat {batas}.',
    ],
    sanksi: 'bpjs',
  },
  CONTRIBUTION_ARREARS: {
    kewajiban: 'Kewajiban membayar dan menyetor iuran BPJS Ketenagakerjaan',
    dasarHukum: [
      `${UU24}, Pasal 19 ayat (1) dan ayat (2): pemberi kerja wajib memungut iuran yang menjadi beban pekerja dan membayar serta menyetor iuran yang menjadi tanggung jawabnya kepada BPJS`,
      PP86,
    ],
    temuan:
      'Menurut data BPJS Ketenagakerjaan, iuran pekerja tersebut menunggak lebih dari batas waktu yang ditentukan.',
    tindakan: [
      'melunasi tunggakan iuran beserta denda keterlambatannya kepada BPJS Ketenagakerjaan;',
      'menyampaikan bukti pelunasan paling lambat {batas}.',
    ],
    sanksi: 'bpjs_arrears',
  },
};

/** The sanction paragraph for each regime: the basis that fits the breach, never another law's. */
export const SANCTION_TEXTS: Readonly<Record<SanctionRegime, string>> = {
  bpjs:
    'Apabila sampai batas waktu tersebut kewajiban belum dipenuhi, perusahaan Saudara dapat dikenai sanksi administratif ' +
    'berupa teguran tertulis, denda, dan/atau tidak mendapat pelayanan publik tertentu sebagaimana diatur dalam Pasal 17 ' +
    'Undang-Undang Nomor 24 Tahun 2011 tentang BPJS dan Peraturan Pemerintah Nomor 86 Tahun 2013; teguran tertulis dan denda ' +
    'dikenakan oleh BPJS Ketenagakerjaan, dan sanksi tidak mendapat pelayanan publik tertentu (antara lain perizinan ' +
    'berusaha dan izin mengikuti tender proyek) oleh Pemerintah atau Pemerintah Daerah atas permintaan BPJS Ketenagakerjaan.',
  bpjs_arrears:
    'Apabila sampai batas waktu tersebut tunggakan belum dilunasi, perusahaan Saudara dapat dikenai sanksi administratif ' +
    'sebagaimana diatur dalam Pasal 17 Undang-Undang Nomor 24 Tahun 2011 dan Peraturan Pemerintah Nomor 86 Tahun 2013. ' +
    'Pemberi kerja yang tidak menyetorkan iuran yang telah dipungut dari pekerja dapat dipidana berdasarkan Pasal 55 ' +
    'Undang-Undang Nomor 24 Tahun 2011 dengan pidana penjara paling lama 8 (delapan) tahun atau pidana denda paling banyak ' +
    'Rp 1.000.000.000 (satu miliar rupiah).',
  pkwt:
    'Status pekerja sebagai pekerja dengan PKWTT berlaku demi hukum dan tidak bergantung pada surat ini. Apabila sampai ' +
    'batas waktu tersebut kewajiban belum dipenuhi, akan diberikan peringatan tertulis berikutnya; pekerja berhak ' +
    'menempuh penyelesaian perselisihan hubungan industrial (Undang-Undang Nomor 2 Tahun 2004) dengan hak-hak pekerja ' +
    'PKWTT, antara lain uang pesangon dan uang penghargaan masa kerja apabila terjadi pemutusan hubungan kerja.',
  pkwt_policy:
    'Temuan ini disampaikan sebagai pembinaan sesuai kebijakan Pemerintah Kabupaten Kutai Timur. Apabila pekerjaan tersebut ' +
    'ternyata bersifat tetap, hubungan kerja itu demi hukum adalah PKWTT menurut Pasal 59 ayat (3) Undang-Undang Nomor 13 ' +
    'Tahun 2003 sebagaimana telah diubah dengan Undang-Undang Nomor 6 Tahun 2023, dengan segala hak pekerja yang menyertainya.',
  compensation:
    'Apabila sampai batas waktu tersebut uang kompensasi belum dibayarkan, perusahaan Saudara dapat dikenai sanksi ' +
    'administratif berdasarkan Pasal 61 Peraturan Pemerintah Nomor 35 Tahun 2021 secara bertahap berupa teguran tertulis, ' +
    'pembatasan kegiatan usaha, penghentian sementara sebagian atau seluruh alat produksi, dan pembekuan kegiatan usaha. ' +
    'Sanksi administratif tidak menghapus kewajiban membayar uang kompensasi kepada pekerja.',
  wage:
    'Membayar upah lebih rendah dari upah minimum merupakan tindak pidana kejahatan menurut Pasal 185 Undang-Undang Nomor 13 ' +
    'Tahun 2003 sebagaimana telah diubah dengan Undang-Undang Nomor 6 Tahun 2023, dengan ancaman pidana penjara paling ' +
    'singkat 1 (satu) tahun dan paling lama 4 (empat) tahun dan/atau pidana denda paling sedikit Rp 100.000.000 dan paling ' +
    'banyak Rp 400.000.000. Pidana tersebut tidak menghapus kewajiban membayar kekurangan upah. Apabila sampai batas waktu ' +
    'tersebut kewajiban belum dipenuhi, perkara ini dapat diteruskan kepada Penyidik Pegawai Negeri Sipil Ketenagakerjaan.',
  child:
    'Mempekerjakan anak merupakan tindak pidana kejahatan: pelanggaran Pasal 68 dan Pasal 69 ayat (2) diancam pidana ' +
    'penjara paling singkat 1 (satu) tahun dan paling lama 4 (empat) tahun dan/atau pidana denda paling sedikit ' +
    'Rp 100.000.000 dan paling banyak Rp 400.000.000 (Pasal 185), dan pelanggaran Pasal 74 diancam pidana penjara paling ' +
    'singkat 2 (dua) tahun dan paling lama 5 (lima) tahun dan/atau pidana denda paling sedikit Rp 200.000.000 dan paling ' +
    'banyak Rp 500.000.000 (Pasal 183) Undang-Undang Nomor 13 Tahun 2003. Surat ini tidak mengurangi kewenangan Penyidik ' +
    'Pegawai Negeri Sipil Ketenagakerjaan untuk melakukan penyidikan.',
  general:
    'Apabila sampai batas waktu tersebut kewajiban belum dipenuhi, akan diberikan peringatan tertulis berikutnya dan ' +
    'perusahaan Saudara dapat dikenai sanksi sesuai dengan ketentuan peraturan perundang-undangan yang mengatur kewajiban tersebut.',
  wlkp:
    'Apabila sampai batas waktu tersebut laporan belum disampaikan, pengusaha atau pengurus dapat dikenai pidana kurungan ' +
    'paling lama 3 (tiga) bulan atau denda paling banyak Rp 1.000.000 (satu juta rupiah) berdasarkan Pasal 10 ' +
    'Undang-Undang Nomor 7 Tahun 1981.',
};

/** The words for a rule of another rulebook (one this build does not know): general, still in Indonesian. */
export const GENERIC_NOTICE_TEXT: NoticeText = {
  kewajiban: 'Kewajiban ketenagakerjaan',
  dasarHukum: [UU13],
  temuan:
    'Hasil pengawasan menunjukkan kewajiban ketenagakerjaan yang belum dipenuhi, sebagaimana uraian di atas.',
  tindakan: ['memenuhi kewajiban tersebut dan menyampaikan buktinya paling lambat {batas}.'],
  sanksi: 'general',
};

export function noticeTextFor(code: string): NoticeText {
  return (NOTICE_TEXTS as Readonly<Record<string, NoticeText>>)[code] ?? GENERIC_NOTICE_TEXT;
}
