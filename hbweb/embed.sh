#!/bin/sh
# embed: the files named as arguments as a C table for hbweb/asset.c, so
# that the dashboards' stylesheets and scripts are in the binary: nothing
# to install beside it, nothing to fetch from elsewhere. POSIX od and sed.
printf '/* Made by hbweb/embed.sh from hbweb/www/: edit those, not this. */\n'
printf '#include "hbweb.h"\n\n'
n=0
for f; do
	printf 'static const unsigned char a%d[] = {\n' "$n"
	od -An -v -tx1 "$f" | sed 's/^ *//; s/ *$//; s/\([0-9a-f][0-9a-f]\)/0x\1,/g'
	printf '0 };\n'
	n=$((n + 1))
done
printf '\nconst struct asset assets[] = {\n'
n=0
for f; do
	printf '\t{ "%s", a%d, %d },\n' "${f##*/}" "$n" "$(($(wc -c <"$f")))"
	n=$((n + 1))
done
printf '\t{ NULL, NULL, 0 }\n};\n'
