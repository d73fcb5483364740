/*
 * mkcities.c — writes Debian libgeonames' city table as TSV at build time:
 *   name \t province \t country alpha-2 \t lat \t lon \t population
 * so that dunlin loads cities in milliseconds without linking GLib.
 */
#include <geonames/geonames.h>
#include <stdio.h>

static void S_put(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '\t' || *s == '\n' ? ' ' : *s);
}

int main(void)
{
	int n = geonames_get_n_cities();
	printf("# cities from libgeonames: name, province, country, lat, lon, population\n");
	for (int i = 0; i < n; i++) {
		GeonamesCity *c = geonames_get_city(i);
		if (!c)
			continue;
		S_put(geonames_city_get_name(c));
		putchar('\t');
		S_put(geonames_city_get_state(c));
		putchar('\t');
		S_put(geonames_city_get_country_code(c));
		printf("\t%.5f\t%.5f\t%u\n", geonames_city_get_latitude(c),
		       geonames_city_get_longitude(c), geonames_city_get_population(c));
		geonames_city_free(c);
	}
	return 0;
}
