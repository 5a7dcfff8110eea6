/* Personal ID number rules (Circular 59/2021/TT-BCA, art. 4). */
#include "core/idnum.h"
#include "core/i18n.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool
idnum_shape_ok(const char *id)
{
	if (id == NULL || strlen(id) != 12)
		return false;
	for (int i = 0; i < 12; i++)
		if (!isdigit((unsigned char)id[i]))
			return false;
	return true;
}

bool
idnum_decode(const char *id, int *year, char *sex)
{
	if (!idnum_shape_ok(id))
		return false;
	int g = id[3] - '0';
	int yy = (id[4] - '0') * 10 + (id[5] - '0');
	*year = (19 + g / 2) * 100 + yy;
	*sex = g % 2 == 0 ? 'M' : 'F';
	return true;
}

const char *
idnum_check(const char *id, char sex, const char *dob, bool province_known)
{
	if (!idnum_shape_ok(id))
		return N_("ID number must be exactly 12 digits");
	if (!province_known)
		return N_("ID number does not start with a known province code");
	int year;
	char idsex;
	idnum_decode(id, &year, &idsex);
	if (dob != NULL && strlen(dob) >= 4 && atoi(dob) != year)
		return N_("ID number digits 4-6 do not agree with the year of birth");
	if ((sex == 'M' || sex == 'F') && sex != idsex)
		return N_("ID number digit 4 does not agree with the sex");
	return NULL;
}
