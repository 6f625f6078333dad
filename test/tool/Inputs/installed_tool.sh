# Installs the build into a fresh prefix outside the build tree and runs the
# installed lockcheck, and clang-tidy with the installed plugin, on a copy of
# a project outside the build and source trees:
#   sh installed_tool.sh CMAKE BUILD-DIR PROJECT-DIR CLANG-TIDY
# Prints what was installed, then each tool's output and exit status.
set -u
cmake=$1 build=$2 project=$3 tidy=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/lockcheck-install-test.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
"$cmake" --install "$build" --prefix "$work/prefix" > "$work/install.log" ||
  { cat "$work/install.log"; exit 1; }
(cd "$work/prefix" && find . -type f | sort)
cp -R "$project" "$work/project"
cd "$work/project"
sed -e "s|DIR|$work/project|g" cdb.json > compile_commands.json
echo "== lockcheck"
"$work/prefix/bin/lockcheck" -p . --quiet 2>&1
echo "exit=$?"
echo "== clang-tidy"
"$tidy" --load="$work/prefix/lib/lockcheck/LockcheckTidyModule.so" \
  -checks='-*,lockcheck-*' -p . --quiet src/server.cpp 2>&1
echo "exit=$?"
