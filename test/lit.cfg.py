# lit configuration for lockcheck's tests.
#
# Substitutions:
#   %lockcheck    the standalone tool
#   %plugin       the clang-tidy plugin module
#   %clang_tidy   the clang-tidy the plugin was built for
#   %tidy         %clang_tidy --load=%plugin
#   %check_both   test/check_both.py: runs a source through BOTH front ends,
#                 fails if their diagnostics differ, prints the tool's output;
#                 with --fix-out it also applies the fix-its (both front ends
#                 must produce the same file) and compiles the result
#   %mock         compiler flags that replace the system headers with the
#                 mock headers of test/Inputs/mock
#   %clang        clang, for compiling fixed files
#   %python, %repo (the source tree)
#   %cmake, %build (the build tree), for the installation test
import os
import lit.formats

config.name = "lockcheck"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "check_both.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.lockcheck_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# Diagnostics must not depend on the terminal or the user's locale.
config.environment["LC_ALL"] = "C"

mock = os.path.join(config.lockcheck_src_root, "test", "Inputs", "mock")
check_both = os.path.join(config.lockcheck_src_root, "test", "check_both.py")

tidy = "%s --load=%s" % (config.clang_tidy, config.lockcheck_plugin)
config.substitutions.append(
    ("%check_both",
     "%s %s --lockcheck=%s --clang-tidy=%s --plugin=%s --clang=%s"
     % (config.python, check_both, config.lockcheck_tool, config.clang_tidy,
        config.lockcheck_plugin, config.clang)))
config.substitutions.append(("%clang_tidy", config.clang_tidy))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%lockcheck", config.lockcheck_tool))
config.substitutions.append(("%plugin", config.lockcheck_plugin))
config.substitutions.append(("%tidy", tidy))
config.substitutions.append(("%mock", "-nostdinc -nostdinc++ -isystem " + mock))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%repo", config.lockcheck_src_root))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%build", config.lockcheck_obj_root))

if config.clang_tidy_14:
    config.available_features.add("clang-tidy-14")
    # Before %clang_tidy, which is a prefix of it.
    config.substitutions.insert(0, ("%clang_tidy14", config.clang_tidy_14))

# test/docs runs the documentation's commands, which use these tools too.
import shutil
if all(shutil.which(t) for t in ("cmake", "ninja", "git", "jq",
                                  "clang-apply-replacements-19", "clang-19")):
    config.available_features.add("docs-tools")
