# tools/deps.sh — install the Debian packages aidlink needs, when missing.
# Source it, then:  al_install_deps [tests] [fuzz]
# PostgreSQL $PGVER (default 15) server and headers, and unicode-data and perl
# (the build generates a table from Unihan), always; pgTAP and
# pg_prove with "tests"; clang's libFuzzer runtime with "fuzz"; Debian's
# chromium (headless, for the HTML report's test) and a font with Chinese
# characters (fonts-wqy-zenhei, when none is installed) with "chromium";
# pg_cron with "cron".

PGVER=${PGVER:-15}
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$PGVER/bin/pg_config}

al_install_deps() {
    local need=() want
    [ -x "/usr/lib/postgresql/$PGVER/bin/postgres" ] || need+=("postgresql-$PGVER")
    [ -x "$PG_CONFIG" ] && [ -f "/usr/include/postgresql/$PGVER/server/postgres.h" ] \
        || need+=("postgresql-server-dev-$PGVER")
    command -v make >/dev/null || need+=(make)
    command -v gcc >/dev/null || need+=(gcc)
    # the build generates its table of Chinese characters from Unihan, in perl
    [ -f /usr/share/unicode/Unihan_Readings.txt.bz2 ] && [ -f /usr/share/unicode/UnicodeData.txt ] \
        || need+=(unicode-data)
    perl -MIO::Uncompress::Bunzip2 -MUnicode::Normalize -e 1 2>/dev/null || need+=(perl)
    for want in "$@"; do
        case $want in
        tests)
            [ -f "/usr/share/postgresql/$PGVER/extension/pgtap.control" ] || need+=("postgresql-$PGVER-pgtap")
            command -v pg_prove >/dev/null || need+=(libtap-parser-sourcehandler-pgtap-perl) ;;
        chromium)
            # headless Chromium renders the monthly cycle's HTML report in its test
            command -v chromium >/dev/null || need+=(chromium)
            # and a font with Chinese characters, or the report's names render as empty boxes
            fc-list :lang=zh family 2>/dev/null | grep -q . || need+=(fonts-wqy-zenhei) ;;
        cron)
            # pg_cron runs the monthly cycle in its test
            [ -f "$("$PG_CONFIG" --sharedir 2>/dev/null || echo /usr/share/postgresql/$PGVER)/extension/pg_cron.control" ] \
                || need+=("postgresql-$PGVER-cron") ;;
        fuzz)
            command -v clang >/dev/null || need+=(clang)
            ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 \
                || need+=(libclang-rt-dev) ;;
        esac
    done
    [ ${#need[@]} -eq 0 ] && return 0
    echo "== installing: ${need[*]}"
    if [ "$(id -u)" != 0 ]; then
        echo "missing packages and not root: apt-get install ${need[*]}" >&2
        return 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
}
