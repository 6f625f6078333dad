//===--- Output.cpp - SARIF and JSON reports ------------------------------===//
//
// SARIF 2.1.0 as GitHub and GitLab code scanning read it: one rule per
// check, results with a physical location, notes as related locations,
// fix-its as fixes, and a partial fingerprint (the baseline's) so that a
// finding keeps its identity across commits. Columns are in UTF-16 code
// units, SARIF's default column kind.
//
//===----------------------------------------------------------------------===//

#include "tool/Output.h"
#include "tool/CheckInfo.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"

using namespace llvm;
using clang::tidy::ClangTidyError;

namespace lockcheck {

namespace {

std::string utf8(StringRef S) {
  return json::isUTF8(S) ? S.str() : json::fixUTF8(S);
}

/// Percent-encodes \p Path for a URI, keeping '/'.
std::string encodeUriPath(StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (isAlnum(C) || C == '-' || C == '.' || C == '_' || C == '~' ||
        C == '/') {
      Out += C;
    } else {
      Out += '%';
      Out += hexdigit(C >> 4);
      Out += hexdigit(C & 15);
    }
  }
  return Out;
}

StringRef sarifLevel(const ClangTidyError &E) {
  if (E.IsWarningAsError)
    return "error";
  switch (E.DiagLevel) {
  case ClangTidyError::Error:
    return "error";
  case ClangTidyError::Remark:
    return "note";
  default:
    return "warning";
  }
}

/// "lockcheck-unjoined-thread" -> "UnjoinedThread".
std::string ruleName(StringRef Check) {
  Check.consume_front("lockcheck-");
  std::string Name;
  bool Upper = true;
  for (char C : Check) {
    if (C == '-') {
      Upper = true;
      continue;
    }
    Name += Upper ? toUpper(C) : C;
    Upper = false;
  }
  return Name;
}

class SarifWriter {
public:
  SarifWriter(json::OStream &J, const SarifRun &Run, SourceCache &Sources)
      : J(J), Run(Run), Sources(Sources) {}

  void artifactLocation(StringRef File) {
    J.attributeObject("artifactLocation", [&] {
      if (isUnder(File, Run.Root)) {
        J.attribute("uri", encodeUriPath(relativePath(File, Run.Root)));
        J.attribute("uriBaseId", "%SRCROOT%");
      } else {
        J.attribute("uri", "file://" + encodeUriPath(File));
      }
    });
  }

  /// A physicalLocation attribute for \p Offset in \p File.
  void physicalLocation(StringRef File, unsigned Offset) {
    J.attributeObject("physicalLocation", [&] {
      artifactLocation(File);
      SourceCache::Position P = Sources.position(File, Offset);
      if (P.Line)
        J.attributeObject("region", [&] {
          J.attribute("startLine", P.Line);
          J.attribute("startColumn", P.Utf16Column);
        });
    });
  }

  void message(StringRef Text) {
    J.attributeObject("message", [&] { J.attribute("text", utf8(Text)); });
  }

  /// A result's message: the diagnostic, then a link to each note that has
  /// a place ("[text](id)", id of its relatedLocation), which code-scanning
  /// pages show as links to those lines. Brackets of the text itself are
  /// escaped, as SARIF asks of messages that may hold links.
  void resultMessage(const ClangTidyError &E) {
    auto Escape = [](StringRef Text) {
      std::string Out;
      for (char C : Text) {
        if (C == '[' || C == ']')
          Out += '\\';
        Out += C;
      }
      return Out;
    };
    std::string Text = Escape(E.Message.Message);
    unsigned Id = 0, Links = 0;
    for (const clang::tooling::DiagnosticMessage &Note : E.Notes) {
      ++Id;
      if (Note.FilePath.empty())
        continue;
      Text += Links++ ? "; " : " (see ";
      Text += "[" + Escape(Note.Message) + "](" + std::to_string(Id) + ")";
    }
    if (Links)
      Text += ")";
    message(Text);
  }

  void fixes(const ClangTidyError &E) {
    if (E.Message.Fix.empty())
      return;
    J.attributeArray("fixes", [&] {
      J.object([&] {
        J.attributeObject("description", [&] {
          J.attribute("text", "Apply the fix-it of " + E.DiagnosticName + ": " +
                                  utf8(E.Message.Message));
        });
        J.attributeArray("artifactChanges", [&] {
          for (const auto &FileAndReplacements : E.Message.Fix) {
            if (FileAndReplacements.second.empty())
              continue;
            StringRef File = FileAndReplacements.first();
            J.object([&] {
              artifactLocation(File);
              J.attributeArray("replacements", [&] {
                for (const auto &R : FileAndReplacements.second)
                  replacement(File, R);
              });
            });
          }
        });
      });
    });
  }

  void replacement(StringRef File, const clang::tooling::Replacement &R) {
    SourceCache::Position Begin = Sources.position(File, R.getOffset());
    SourceCache::Position End =
        Sources.position(File, R.getOffset() + R.getLength());
    J.object([&] {
      J.attributeObject("deletedRegion", [&] {
        if (Begin.Line && End.Line) {
          J.attribute("startLine", Begin.Line);
          J.attribute("startColumn", Begin.Utf16Column);
          J.attribute("endLine", End.Line);
          J.attribute("endColumn", End.Utf16Column);
        } else {
          J.attribute("byteOffset", R.getOffset());
          J.attribute("byteLength", R.getLength());
        }
      });
      J.attributeObject("insertedContent", [&] {
        J.attribute("text", utf8(R.getReplacementText()));
      });
    });
  }

  void rule(StringRef Check) {
    const CheckInfo *Info = findCheckInfo(Check);
    std::string Short = Info ? Info->ShortDescription.str()
                             : "lockcheck check " + Check.str() + ".";
    std::string Full = Info ? Info->FullDescription.str() : Short;
    J.object([&] {
      J.attribute("id", Check);
      J.attribute("name", ruleName(Check));
      J.attributeObject("shortDescription",
                        [&] { J.attribute("text", Short); });
      J.attributeObject("fullDescription", [&] { J.attribute("text", Full); });
      std::string HelpUri = checkHelpUri(Run.HelpBase, Run.Version, Check);
      if (!HelpUri.empty())
        J.attribute("helpUri", HelpUri);
      J.attributeObject("help", [&] {
        J.attribute("text", HelpUri.empty() ? Full : Full + " See " + HelpUri);
        if (Info && !Info->Markdown.empty())
          J.attribute("markdown", utf8(Info->Markdown));
        else if (!HelpUri.empty())
          J.attribute("markdown",
                      Full + "\n\nSee [the documentation](" + HelpUri + ").");
      });
      J.attributeObject("defaultConfiguration",
                        [&] { J.attribute("level", "warning"); });
      J.attributeObject("properties", [&] {
        J.attributeArray("tags", [&] {
          J.value("concurrency");
          J.value("reliability");
        });
      });
    });
  }

  void write(ArrayRef<Reported> Findings) {
    // Rules: the checks that ran, then any other check that reported.
    std::vector<std::string> Rules = Run.Checks;
    StringMap<unsigned> RuleIndex;
    for (const std::string &R : Rules)
      RuleIndex.try_emplace(R, RuleIndex.size());
    for (const Reported &R : Findings)
      if (RuleIndex.try_emplace(R.F.Error.DiagnosticName, Rules.size()).second)
        Rules.push_back(R.F.Error.DiagnosticName);

    J.object([&] {
      J.attribute("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      J.attribute("version", "2.1.0");
      J.attributeArray("runs", [&] {
        J.object([&] {
          J.attributeObject("tool", [&] {
            J.attributeObject("driver", [&] {
              J.attribute("name", "lockcheck");
              J.attribute("version", Run.Version);
              J.attribute("semanticVersion", Run.Version);
              J.attributeArray("rules", [&] {
                for (const std::string &R : Rules)
                  rule(R);
              });
            });
          });
          J.attributeArray("invocations", [&] {
            J.object([&] {
              J.attribute("executionSuccessful", Run.Successful);
              if (!Run.Notifications.empty())
                J.attributeArray("toolExecutionNotifications", [&] {
                  for (const Notification &N : Run.Notifications)
                    notification(N);
                });
            });
          });
          J.attributeObject("originalUriBaseIds", [&] {
            J.attributeObject("%SRCROOT%", [&] {
              J.attribute("uri",
                          "file://" + encodeUriPath(Run.Root) +
                              (StringRef(Run.Root).ends_with("/") ? "" : "/"));
            });
          });
          J.attribute("columnKind", "utf16CodeUnits");
          J.attributeArray("results", [&] {
            for (const Reported &R : Findings)
              result(R, RuleIndex.lookup(R.F.Error.DiagnosticName));
          });
        });
      });
    });
  }

private:
  void notification(const Notification &N) {
    J.object([&] {
      J.attribute("level", "error");
      message(N.Message);
      if (!N.File.empty())
        J.attributeArray("locations", [&] {
          J.object([&] {
            if (N.HasOffset) {
              physicalLocation(N.File, N.Offset);
            } else {
              J.attributeObject("physicalLocation",
                                [&] { artifactLocation(N.File); });
            }
          });
        });
    });
  }

  void result(const Reported &R, unsigned RuleIndex) {
    const ClangTidyError &E = R.F.Error;
    J.object([&] {
      J.attribute("ruleId", E.DiagnosticName);
      J.attribute("ruleIndex", RuleIndex);
      J.attribute("level", sarifLevel(E));
      resultMessage(E);
      J.attributeArray("locations", [&] {
        J.object([&] {
          if (!E.Message.FilePath.empty())
            physicalLocation(E.Message.FilePath, E.Message.FileOffset);
          if (!R.F.Function.empty())
            J.attributeArray("logicalLocations", [&] {
              J.object([&] {
                J.attribute("fullyQualifiedName", utf8(R.F.Function));
              });
            });
        });
      });
      if (!E.Notes.empty())
        J.attributeArray("relatedLocations", [&] {
          unsigned Id = 0;
          for (const clang::tooling::DiagnosticMessage &Note : E.Notes)
            J.object([&] {
              J.attribute("id", ++Id);
              if (!Note.FilePath.empty())
                physicalLocation(Note.FilePath, Note.FileOffset);
              message(Note.Message);
            });
        });
      J.attributeObject("partialFingerprints", [&] {
        J.attribute("lockcheckFingerprint/v1", R.Fingerprint);
      });
      fixes(E);
    });
  }

  json::OStream &J;
  const SarifRun &Run;
  SourceCache &Sources;
};

} // namespace

void writeSarif(raw_ostream &OS, const SarifRun &Run,
                ArrayRef<Reported> Findings, SourceCache &Sources) {
  json::OStream J(OS, 2);
  SarifWriter(J, Run, Sources).write(Findings);
  OS << "\n";
}

void writeJson(raw_ostream &OS, ArrayRef<Reported> Findings,
               SourceCache &Sources) {
  json::OStream J(OS, 2);
  auto Location = [&](StringRef File, unsigned Offset) {
    SourceCache::Position P = Sources.position(File, Offset);
    J.attribute("file", utf8(File));
    J.attribute("line", P.Line);
    J.attribute("column", P.Column);
  };
  J.array([&] {
    for (const Reported &R : Findings) {
      const ClangTidyError &E = R.F.Error;
      J.object([&] {
        J.attribute("check", E.DiagnosticName);
        J.attribute("level", sarifLevel(E) == "note" ? StringRef("remark")
                                                     : sarifLevel(E));
        J.attribute("message", utf8(E.Message.Message));
        Location(E.Message.FilePath, E.Message.FileOffset);
        J.attribute("function", utf8(R.F.Function));
        J.attribute("fingerprint", R.Fingerprint);
        J.attributeArray("notes", [&] {
          for (const clang::tooling::DiagnosticMessage &Note : E.Notes)
            J.object([&] {
              J.attribute("message", utf8(Note.Message));
              Location(Note.FilePath, Note.FileOffset);
            });
        });
        J.attributeArray("fixes", [&] {
          for (const auto &FileAndReplacements : E.Message.Fix)
            for (const auto &Rep : FileAndReplacements.second)
              J.object([&] {
                Location(Rep.getFilePath(), Rep.getOffset());
                J.attribute("offset", Rep.getOffset());
                J.attribute("length", Rep.getLength());
                J.attribute("replacement", utf8(Rep.getReplacementText()));
              });
        });
      });
    }
  });
  OS << "\n";
}

} // namespace lockcheck
