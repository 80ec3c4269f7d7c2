#!/usr/bin/perl
# tools/gen_hanzi.pl UNICODE_DIR > build/hanzi_data.h
#
# Generates the character table of src/hanzi.c from the Unicode Character
# Database and its Unihan database, as Debian's unicode-data package installs
# them (/usr/share/unicode: Unihan_*.txt.bz2 and UnicodeData.txt; a Unihan.zip
# or plain Unihan_*.txt files are read as well).  Run by make; the output is
# never committed.  Perl core modules only.
#
# Why Unihan, and not libopencc-data, for simplified/traditional folding:
# Debian's libopencc-data ships only OpenCC's conversion settings (JSON); its
# dictionaries are compiled marisa-trie files (.ocd2) that need OpenCC's own
# library to read, and they convert phrases in context, while a name is
# folded one character at a time.  Unihan gives both the readings and the
# variants, from one versioned source in one package.
#
# What is taken:
#  - Readings, toneless (ü written v): kMandarin first (its first value is the
#    customary reading in the PRC, so it is the one aidlink.name_pinyin()
#    shows), then kHanyuPinlu (readings by frequency in modern text), kTGHZ2013
#    and kXHC1983 (the readings of two modern standard dictionaries), in that
#    order, each reading once.  kHanyuPinyin (the Hanyu Da Zidian, with many
#    archaic readings) is used only for characters that none of those cover:
#    archaic readings of common characters would make unrelated names sound
#    alike.  Heteronyms keep every reading: 曾 zeng ceng, 单 dan chan shan.
#  - Folding: kSimplifiedVariant, when it does not list the character itself
#    (乾 stays 乾: it is also a simplified character), to its first value —
#    unless that is a character of a supplementary plane and the character
#    has exactly one semantic variant in common use (巖 folds to 岩, not to
#    U+303A0; 嶽 has none in Unihan and folds to U+303AB, not to 岳);
#    CJK compatibility ideographs to their canonical unified ideograph
#    (UnicodeData.txt); chains are followed to the end (a compatibility
#    ideograph of a traditional character folds to the simplified one).
use strict;
use warnings;
use utf8;
use IO::Uncompress::Bunzip2 qw($Bunzip2Error);
use IO::Uncompress::Unzip qw($UnzipError);
use Unicode::Normalize qw(NFD);

my $dir = shift @ARGV or die "usage: $0 UNICODE_DIR\n";

# ---- reading the files -----------------------------------------------------

# The lines of one Unihan file, from FILE.txt.bz2, FILE.txt or Unihan.zip.
sub unihan_lines {
    my ($name) = @_;
    my $fh;
    if (-f "$dir/$name.txt.bz2") {
        $fh = IO::Uncompress::Bunzip2->new("$dir/$name.txt.bz2")
            or die "$0: $dir/$name.txt.bz2: $Bunzip2Error\n";
    } elsif (-f "$dir/$name.txt") {
        open($fh, '<', "$dir/$name.txt") or die "$0: $dir/$name.txt: $!\n";
    } elsif (-f "$dir/Unihan.zip") {
        $fh = IO::Uncompress::Unzip->new("$dir/Unihan.zip", Name => "$name.txt")
            or die "$0: $dir/Unihan.zip ($name.txt): $UnzipError\n";
    } else {
        die "$0: no $name.txt(.bz2) or Unihan.zip in $dir: install Debian's unicode-data "
          . "package (source tools/deps.sh; al_install_deps)\n";
    }
    my @lines;
    while (defined(my $l = $fh->getline)) {
        utf8::decode($l) or die "$0: $name: a line is not UTF-8\n";
        push @lines, $l;
    }
    return @lines;
}

my $version = 'unknown';

# Readings per field: $field{kMandarin}{cp} = [ toneless readings in order ]
my %field;
for my $l (unihan_lines('Unihan_Readings')) {
    $version = $1 if $l =~ /^#\s*Unicode version:\s*(\S+)/;
    next unless $l =~ /^U\+([0-9A-F]{4,6})\t(k\w+)\t(.*?)\s*$/;
    my ($cp, $f, $v) = (hex $1, $2, $3);
    my @r;
    if ($f eq 'kMandarin') {
        @r = split ' ', $v;
    } elsif ($f eq 'kHanyuPinlu') {
        @r = map { s/\(\d+\)$//r } split ' ', $v;
    } elsif ($f eq 'kXHC1983' || $f eq 'kTGHZ2013') {
        @r = map { (split /:/, $_, 2)[1] } split ' ', $v;
    } elsif ($f eq 'kHanyuPinyin') {
        @r = map { split /,/, (split /:/, $_, 2)[1] } split ' ', $v;
    } else {
        next;
    }
    $field{$f}{$cp} = [ map { toneless($_, $cp, $f) } @r ];
}

# "zhāng" -> "zhang", "lǜ" -> "lv", "ê̄" -> "e", "ḿ" -> "m"
sub toneless {
    my ($r, $cp, $f) = @_;
    my $s = NFD($r);
    $s =~ s/u\x{308}/v/g;
    $s =~ s/\p{Mn}//g;
    $s = lc $s;
    die sprintf("%s: U+%04X %s: reading \"%s\" is not pinyin\n", $0, $cp, $f, $r)
        unless $s =~ /^[a-z]{1,6}$/;
    return $s;
}

my %readings;    # cp -> [ toneless readings, first = customary ]
{
    my %cps;
    $cps{$_} = 1 for map { keys %{ $field{$_} } } keys %field;
    for my $cp (keys %cps) {
        my @order = grep { exists $field{$_}{$cp} } qw(kMandarin kHanyuPinlu kTGHZ2013 kXHC1983);
        @order = ('kHanyuPinyin') if !@order && exists $field{kHanyuPinyin}{$cp};
        my (%seen, @r);
        for my $f (@order) {
            for my $s (@{ $field{$f}{$cp} }) {
                push @r, $s unless $seen{$s}++;
            }
        }
        $readings{$cp} = \@r if @r;
    }
}

# Folding: cp -> the form it folds to
my (%fold, %simplified, %semantic);
for my $l (unihan_lines('Unihan_Variants')) {
    next unless $l =~ /^U\+([0-9A-F]{4,6})\t(kSimplifiedVariant|kSemanticVariant)\t(.*?)\s*$/;
    my ($cp, $f) = (hex $1, $2);
    my @to = map { /^U\+([0-9A-F]+)/ ? hex $1 : () } split ' ', $3;
    if ($f eq 'kSemanticVariant') {
        $semantic{$cp} = \@to;
    } elsif (@to && !grep { $_ == $cp } @to) {
        $simplified{$cp} = $to[0];
    }
}
for my $cp (keys %simplified) {
    my $to = $simplified{$cp};
    # Unihan simplifies some common traditional characters to a character of
    # a supplementary plane that no input method or GBK has (巖 to U+303A0),
    # while people write a semantic variant in common use (岩).  Fold to that
    # variant when there is exactly one that is itself simplified.
    if ($to >= 0x20000 && $cp < 0x20000) {
        my @alt = grep { $_ >= 0x4E00 && $_ <= 0x9FFF && !exists $simplified{$_} } @{ $semantic{$cp} // [] };
        $to = $alt[0] if @alt == 1;
    }
    $fold{$cp} = $to;
}
{
    open(my $fh, '<', "$dir/UnicodeData.txt")
        or die "$0: $dir/UnicodeData.txt: $! (install Debian's unicode-data package)\n";
    while (my $l = <$fh>) {
        my @f = split /;/, $l;
        next unless $f[1] =~ /^CJK COMPATIBILITY IDEOGRAPH-/ && $f[5] =~ /^([0-9A-F]+)$/;
        $fold{ hex $f[0] } = hex $1;
    }
}
for my $cp (keys %fold) {
    my $to = $fold{$cp};
    my $steps = 0;
    while (exists $fold{$to} && $fold{$to} != $to) {
        $to = $fold{$to};
        die sprintf("%s: folding U+%04X does not end\n", $0, $cp) if ++$steps > 8;
    }
    $fold{$cp} = $to;
}
delete $fold{$_} for grep { $fold{$_} == $_ } keys %fold;

# ---- the tables ------------------------------------------------------------

# Syllables, sorted; id 0 is unused so that a zero entry means "none".
my %syl;
$syl{$_} = 1 for map { @$_ } values %readings;
my @syl = ('', sort keys %syl);
my %sylid;
@sylid{@syl} = (0 .. $#syl);

# Distinct reading sets: set 0 is "no reading".  Each set is stored in the
# pool as its syllable ids, customary reading first.
my (%setid, @sets);
push @sets, [];
$setid{''} = 0;
my %cpset;
for my $cp (sort { $a <=> $b } keys %readings) {
    my @ids = map { $sylid{$_} } @{ $readings{$cp} };
    my $key = join ',', @ids;
    if (!exists $setid{$key}) {
        $setid{$key} = scalar @sets;
        push @sets, \@ids;
    }
    $cpset{$cp} = $setid{$key};
}
die "$0: too many reading sets\n" if @sets > 65535;

# What the table says of a code point: its reading set and what it folds
# to.  Each distinct pair (set, fold) is an "info" entry; entry 0 is "no
# reading, no fold".  Folds are numbered from 1 in hz_fold_to.
my @foldfrom = sort { $a <=> $b } keys %fold;
my %foldidx;
@foldidx{@foldfrom} = (1 .. @foldfrom);
my (%infoid, @info, %cpinfo);
push @info, [ 0, 0 ];
$infoid{'0,0'} = 0;
{
    my %cps = (%cpset, %fold);
    for my $cp (sort { $a <=> $b } keys %cps) {
        my ($s, $f) = ($cpset{$cp} // 0, $foldidx{$cp} // 0);
        if (!exists $infoid{"$s,$f"}) {
            $infoid{"$s,$f"} = scalar @info;
            push @info, [ $s, $f ];
        }
        $cpinfo{$cp} = $infoid{"$s,$f"};
    }
}
die "$0: too many info entries\n" if @info > 65535;

# Two-level table of info entries: pages of 2^PAGE_BITS code points;
# identical pages are stored once, the all-zero page is page 0.
my $PAGE_BITS = 7;
my $PAGE = 1 << $PAGE_BITS;
my $maxcp = 0;
for (keys %cpinfo) { $maxcp = $_ if $_ > $maxcp }
my $npages_l1 = ($maxcp >> $PAGE_BITS) + 1;
my (@pages, %pageid, @l1);
push @pages, [ (0) x $PAGE ];
$pageid{ join ',', (0) x $PAGE } = 0;
for my $p (0 .. $npages_l1 - 1) {
    my @pg = map { $cpinfo{ ($p << $PAGE_BITS) + $_ } // 0 } 0 .. $PAGE - 1;
    my $key = join ',', @pg;
    if (!exists $pageid{$key}) {
        $pageid{$key} = scalar @pages;
        push @pages, \@pg;
    }
    push @l1, $pageid{$key};
}

my @pool;
my @setoff;
for my $s (@sets) {
    push @setoff, scalar @pool;
    push @pool, @$s;
}
push @setoff, scalar @pool;

# ---- output ----------------------------------------------------------------

my $bytes_l1 = 2 * @l1;
my $bytes_pages = 2 * $PAGE * @pages;
my $bytes_sets = 4 * @setoff + 2 * @pool;
my $bytes_syl = 7 * @syl;
my $bytes_fold = 4 * @foldfrom;
my $bytes_info = 4 * @info;

sub wrap {
    my ($per, @v) = @_;
    my $out = '';
    while (@v) {
        $out .= "\t" . join(', ', splice(@v, 0, $per)) . ",\n";
    }
    return $out;
}

binmode STDOUT, ':utf8';
printf "/*\n * hanzi_data.h — generated by tools/gen_hanzi.pl from the Unicode %s\n", $version;
print  " * Character Database (Unihan readings and variants, UnicodeData.txt).  Do\n";
print  " * not edit; do not commit: make regenerates it.  Included by src/hanzi.c only.\n";
print  " *\n";
printf " * %d characters with readings, %d distinct toneless syllables, %d distinct\n",
    scalar(keys %readings), $#syl, scalar(@sets) - 1;
printf " * reading sets; %d characters fold to another.\n", scalar @foldfrom;
printf " * Sizes: page index %d B (%d entries), pages %d B (%d of %d code points),\n",
    $bytes_l1, scalar @l1, $bytes_pages, scalar @pages, $PAGE;
printf " * info entries %d B (%d), reading sets %d B, syllables %d B, folds %d B;\n",
    $bytes_info, scalar @info, $bytes_sets, $bytes_syl, $bytes_fold;
printf " * in all %d B.\n", $bytes_l1 + $bytes_pages + $bytes_info + $bytes_sets + $bytes_syl + $bytes_fold;
print  " */\n\n";
printf "#define HZ_UNICODE_VERSION \"%s\"\n", $version;
printf "#define HZ_PAGE_BITS %d\n#define HZ_L1_SIZE %d\n#define HZ_NSYLLABLES %d\n", $PAGE_BITS, scalar @l1, scalar @syl;
printf "#define HZ_NSETS %d\n#define HZ_NFOLD %d\n#define HZ_NCHARS %d\n#define HZ_NINFO %d\n\n",
    scalar @sets, scalar @foldfrom, scalar keys %readings, scalar @info;

print "/* Toneless syllables, sorted (ü written v); id 0 is unused. */\n";
print "static const char hz_syllables[HZ_NSYLLABLES][7] = {\n";
print wrap(10, map { "\"$_\"" } @syl);
print "};\n\n";

print "/* Code point >> HZ_PAGE_BITS -> page of hz_pages. */\n";
print "static const uint16_t hz_page_index[HZ_L1_SIZE] = {\n", wrap(16, @l1), "};\n\n";

print "/* Pages: code point -> info entry (0: no reading, no fold). */\n";
printf "static const uint16_t hz_pages[%d][%d] = {\n", scalar @pages, $PAGE;
for my $pg (@pages) {
    print "\t{\n", wrap(16, @$pg) =~ s/^\t/\t\t/gmr, "\t},\n";
}
print "};\n\n";

print "/* Reading set s is hz_set_pool[hz_set_offset[s] .. hz_set_offset[s + 1]),\n";
print " * syllable ids, customary reading first. */\n";
print "static const uint32_t hz_set_offset[HZ_NSETS + 1] = {\n", wrap(12, @setoff), "};\n";
printf "static const uint16_t hz_set_pool[%d] = {\n", scalar @pool;
print wrap(16, @pool), "};\n\n";

print "/* Info entry -> reading set (0: none) and 1 + index into hz_fold_to (0: none). */\n";
print "static const uint16_t hz_info_set[HZ_NINFO] = {\n", wrap(16, map { $_->[0] } @info), "};\n";
print "static const uint16_t hz_info_fold[HZ_NINFO] = {\n", wrap(16, map { $_->[1] } @info), "};\n\n";

print "/* What the characters fold to, in code point order of the folded ones. */\n";
print "static const uint32_t hz_fold_to[HZ_NFOLD] = {\n";
print wrap(10, map { sprintf '0x%04X', $fold{$_} } @foldfrom), "};\n";
