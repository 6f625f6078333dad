//===--- SummaryIO.h - summaries as YAML ------------------------*- C++ -*-===//
//
// The YAML form of a translation unit's summary and of its lock-order edges
// (docs/summary-format.md): what a worker process sends its parent, what the
// cache keeps and what a shard writes.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_SUMMARY_SUMMARYIO_H
#define LOCKCHECK_SUMMARY_SUMMARYIO_H

#include "checks/summary/Summary.h"
#include "llvm/Support/YAMLTraits.h"

LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::LockOrderEdge)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::HeldFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::CallFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::AcquireFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::BlockingFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::AccessFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::FunctionSummary)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::ThreadStartFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::FunctionArgFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::ParamArgFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::StartWrapperFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::ParamStoreFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::FieldCallFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::LockApiFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::MemberAccessFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::ArgObjectFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::CallObjectsFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::HeldOnExitFact)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::LockInitFact)

namespace llvm {
namespace yaml {
template <> struct ScalarEnumerationTraits<lockcheck::EdgeThreads> {
  static void enumeration(IO &IO, lockcheck::EdgeThreads &V);
};
template <> struct ScalarEnumerationTraits<lockcheck::LockPathFact::BaseKind> {
  static void enumeration(IO &IO, lockcheck::LockPathFact::BaseKind &V);
};
template <> struct ScalarTraits<lockcheck::OrderPlace> {
  static void output(const lockcheck::OrderPlace &P, void *, raw_ostream &OS);
  static StringRef input(StringRef S, void *, lockcheck::OrderPlace &P);
  static QuotingType mustQuote(StringRef) { return QuotingType::Double; }
};
template <> struct ScalarTraits<lockcheck::ObjectRef> {
  static void output(const lockcheck::ObjectRef &O, void *, raw_ostream &OS);
  static StringRef input(StringRef S, void *, lockcheck::ObjectRef &O);
  static QuotingType mustQuote(StringRef) { return QuotingType::None; }
};
#define LOCKCHECK_MAPPING(T)                                                   \
  template <> struct MappingTraits<T> {                                        \
    static void mapping(IO &IO, T &V);                                         \
  };
LOCKCHECK_MAPPING(lockcheck::LockOrderEdge)
LOCKCHECK_MAPPING(lockcheck::HeldFact)
LOCKCHECK_MAPPING(lockcheck::CallFact)
LOCKCHECK_MAPPING(lockcheck::HeldOnExitFact)
LOCKCHECK_MAPPING(lockcheck::LockInitFact)
LOCKCHECK_MAPPING(lockcheck::AcquireFact)
LOCKCHECK_MAPPING(lockcheck::BlockingFact)
LOCKCHECK_MAPPING(lockcheck::AccessFact)
LOCKCHECK_MAPPING(lockcheck::FunctionSummary)
LOCKCHECK_MAPPING(lockcheck::ThreadStartFact)
LOCKCHECK_MAPPING(lockcheck::FunctionArgFact)
LOCKCHECK_MAPPING(lockcheck::ParamArgFact)
LOCKCHECK_MAPPING(lockcheck::StartWrapperFact)
LOCKCHECK_MAPPING(lockcheck::ParamStoreFact)
LOCKCHECK_MAPPING(lockcheck::FieldCallFact)
LOCKCHECK_MAPPING(lockcheck::LockPathFact)
LOCKCHECK_MAPPING(lockcheck::LockApiFact)
LOCKCHECK_MAPPING(lockcheck::MemberAccessFact)
LOCKCHECK_MAPPING(lockcheck::ArgObjectFact)
LOCKCHECK_MAPPING(lockcheck::CallObjectsFact)
LOCKCHECK_MAPPING(lockcheck::TUSummary)
#undef LOCKCHECK_MAPPING
} // namespace yaml
} // namespace llvm

namespace lockcheck {

/// The whole program's lock API as the tool hands it to a worker
/// (--external-api): a YAML document `{Version: N, Functions: [...]}`.
void writeLockApiFacts(llvm::ArrayRef<LockApiFact> Facts,
                       llvm::raw_ostream &OS);
/// False, with \p Error, when \p Text is not such a document of this
/// version.
bool readLockApiFacts(llvm::StringRef Text, std::vector<LockApiFact> &Facts,
                      std::string &Error);

} // namespace lockcheck

#endif
