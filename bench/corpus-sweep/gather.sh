#!/usr/bin/env bash
# Extracts the files the planner reads (and the scripts workflows call) from bare git mirrors
# into a corpus folder: <out>/repos/<owner>__<name>/..., plus <out>/MANIFEST.tsv.
# Usage: gather.sh MIRRORS_DIR OUT_DIR [LIST]
# MIRRORS_DIR holds <owner>+<name>/repo bare mirrors (as the search tool's fetch leaves them);
# LIST names the repositories, owner/name one a line (default: repos.txt next to this script).
set -euo pipefail
mirrors=${1:?mirrors dir}; out=${2:?output dir}
list=${3:-$(dirname "$0")/repos.txt}
rm -rf "$out/repos"; mkdir -p "$out/repos"
manifest="$out/MANIFEST.tsv"
printf 'repository\tcommit\tdefault_branch\tkind\tfiles\n' > "$manifest"

# Paths worth keeping: CI, action metadata, package manifests, generator markers, release tool
# configuration, and the repository scripts a workflow may call.
keep='^\.github/|^action\.ya?ml$|^\.fernignore$|^\.stainless|^\.stats\.yml$|^\.castiron|^(bin|scripts|script)/[^/]+$'
keep+='|(^|/)(package\.json|pyproject\.toml|setup\.py|setup\.cfg|Cargo\.toml|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.properties|Directory\.Build\.props|jsr\.json|deno\.jsonc?)$'
keep+='|\.(csproj|fsproj|gemspec)$|^(Rakefile|Gemfile|package-lock\.json|release-plz\.toml|\.releaserc(\.[a-z]+)?|release\.config\.[cm]?js|release-please-config\.json|\.release-please-manifest\.json|\.goreleaser\.ya?ml)$|^\.changeset/config\.json$'
skip='(^|/)(node_modules|fixtures?|__tests__|tests?|examples?|docs?|e2e|testdata|vendor)/'

while read -r repo; do
  [[ -z $repo || $repo == \#* ]] && continue
  slug=${repo/\//+}
  g=$mirrors/$slug/repo
  if [[ ! -d $g ]]; then echo "no mirror for $repo in $mirrors (fetch github:$repo first); skipped" >&2; continue; fi
  dest="$out/repos/${slug/+/__}"
  rm -rf "$dest"; mkdir -p "$dest"
  sha=$(git --git-dir="$g" rev-parse HEAD)
  branch=$(git --git-dir="$g" symbolic-ref --short HEAD 2>/dev/null || echo main)
  n=0
  while IFS=$'\t' read -r meta path; do
    [[ $path =~ $keep && ! $path =~ $skip ]] || continue
    size=${meta##* }
    [[ $size == - || $size -gt 4000000 ]] && continue
    # manifests deeper than three folders are other packages' test data, not this repository's
    depth=$(tr -cd / <<<"$path" | wc -c)
    [[ $path != .github/* && $depth -gt 3 ]] && continue
    mkdir -p "$dest/$(dirname "$path")"
    git --git-dir="$g" show "HEAD:$path" > "$dest/$path"
    n=$((n+1))
  done < <(git --git-dir="$g" ls-tree -r -l HEAD)
  # the CLI reads the default branch from .git/HEAD
  mkdir -p "$dest/.git"; echo "ref: refs/heads/$branch" > "$dest/.git/HEAD"
  kind=hand-written
  if [[ -e $dest/.fernignore ]]; then kind=fern
  elif compgen -G "$dest/.stainless*" >/dev/null || compgen -G "$dest/.castiron*" >/dev/null || [[ -e $dest/.stats.yml ]]; then kind=stainless; fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$repo" "$sha" "$branch" "$kind" "$n" >> "$manifest"
done < "$list"
echo "$(($(wc -l < "$manifest")-1)) repositories in $out/repos; list in $manifest"
