#ifndef VEIL_VALIDATE_CHECKS_INTERNAL_H
#define VEIL_VALIDATE_CHECKS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The individual checks behind validator_table() (scrub/validate.c), split by family:
 * generic and network checks in validate.c, national identity numbers in validate_national.c,
 * cryptocurrency addresses in validate_crypto.c. Every check takes the candidate exactly as
 * matched and skips separators itself; none allocates or keeps state.
 */

/* Longest identifier any check compacts; longer candidates are rejected. */
#define VALIDATE_MAX_CHARS 64

/*
 * Copy the letters and digits of s into out (letters upper-cased), skipping the separators
 * ' ', '\t', '-', '.' and '/'. Fails on any other byte or when more than cap characters remain.
 */
bool validate_compact(const unsigned char *s, size_t len, char *out, size_t cap, size_t *n);
/* True when every one of the n bytes of d is an ASCII digit. */
bool validate_all_digits(const char *d, size_t n);
/* True when all n bytes of d are the same. */
bool validate_all_same(const char *d, size_t n);
/* Verhoeff check over n ASCII digits (the last one being the check digit). */
bool validate_verhoeff_digits(const char *d, size_t n);
/* Luhn check over n ASCII digits (the last one being the check digit). */
bool validate_luhn_digits(const char *d, size_t n);
/* True when day/month/year is a real calendar date. */
bool validate_calendar_date(int year, int month, int day);

/* validate_freephone.c: false for a freephone (toll-free) number, true for any other. */
bool check_not_freephone(const unsigned char *s, size_t len);

bool validate_uk_nino(const unsigned char *s, size_t len);
bool validate_uk_nhs(const unsigned char *s, size_t len);
bool validate_ca_sin(const unsigned char *s, size_t len);
bool validate_es_dni(const unsigned char *s, size_t len);
bool validate_es_nie(const unsigned char *s, size_t len);
bool validate_it_codice_fiscale(const unsigned char *s, size_t len);
bool validate_fr_nir(const unsigned char *s, size_t len);
bool validate_de_tax_id(const unsigned char *s, size_t len);
bool validate_pl_pesel(const unsigned char *s, size_t len);
bool validate_nl_bsn(const unsigned char *s, size_t len);
bool validate_in_aadhaar(const unsigned char *s, size_t len);
bool validate_in_pan(const unsigned char *s, size_t len);
bool validate_br_cpf(const unsigned char *s, size_t len);
bool validate_cn_resident_id(const unsigned char *s, size_t len);
bool validate_kr_rrn(const unsigned char *s, size_t len);
bool validate_jp_my_number(const unsigned char *s, size_t len);
bool validate_au_tfn(const unsigned char *s, size_t len);
bool validate_au_medicare(const unsigned char *s, size_t len);
bool validate_sg_nric(const unsigned char *s, size_t len);
bool validate_tr_tckn(const unsigned char *s, size_t len);
bool validate_pt_nif(const unsigned char *s, size_t len);
bool validate_ae_emirates_id(const unsigned char *s, size_t len);
bool validate_ru_snils(const unsigned char *s, size_t len);
bool validate_se_personnummer(const unsigned char *s, size_t len);
bool validate_gr_amka(const unsigned char *s, size_t len);
bool validate_cz_rodne_cislo(const unsigned char *s, size_t len);
bool validate_ua_rnokpp(const unsigned char *s, size_t len);
bool validate_vn_cccd(const unsigned char *s, size_t len);
bool validate_id_nik(const unsigned char *s, size_t len);
bool validate_ro_cnp(const unsigned char *s, size_t len);
bool validate_fi_hetu(const unsigned char *s, size_t len);
bool validate_dk_cpr(const unsigned char *s, size_t len);
bool validate_dk_cpr_mod11(const unsigned char *s, size_t len);
bool validate_no_fnr(const unsigned char *s, size_t len);
bool validate_hu_taj(const unsigned char *s, size_t len);
bool validate_th_id(const unsigned char *s, size_t len);
bool validate_il_id(const unsigned char *s, size_t len);
bool validate_sa_id(const unsigned char *s, size_t len);
bool validate_nz_ird(const unsigned char *s, size_t len);
bool validate_ie_ppsn(const unsigned char *s, size_t len);
bool validate_za_id(const unsigned char *s, size_t len);
bool validate_ir_national_code(const unsigned char *s, size_t len);
bool validate_my_mykad(const unsigned char *s, size_t len);
bool validate_eg_national_id(const unsigned char *s, size_t len);
bool validate_rs_jmbg(const unsigned char *s, size_t len);
bool validate_hr_oib(const unsigned char *s, size_t len);
bool validate_bg_egn(const unsigned char *s, size_t len);
bool validate_lt_asmens_kodas(const unsigned char *s, size_t len);
/* validate_national_more.c */
bool validate_ch_ahv(const unsigned char *s, size_t len);
bool validate_be_nrn(const unsigned char *s, size_t len);
bool validate_at_svnr(const unsigned char *s, size_t len);
bool validate_tw_id(const unsigned char *s, size_t len);
bool validate_lv_personas_kods(const unsigned char *s, size_t len);
bool validate_mrz_check(const unsigned char *s, size_t len);

bool validate_btc_base58check(const unsigned char *s, size_t len);
bool validate_btc_bech32(const unsigned char *s, size_t len);
bool validate_eth_eip55(const unsigned char *s, size_t len);

#endif
