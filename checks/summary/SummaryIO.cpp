//===--- SummaryIO.cpp - summaries as YAML --------------------------------===//

#include "checks/summary/SummaryIO.h"

using namespace lockcheck;

namespace llvm {
namespace yaml {

void ScalarEnumerationTraits<EdgeThreads>::enumeration(IO &IO, EdgeThreads &V) {
  IO.enumCase(V, "any", EdgeThreads::Any);
  IO.enumCase(V, "only-thread", EdgeThreads::OnlyThread);
  IO.enumCase(V, "one-thread", EdgeThreads::OneThread);
}

// A place is "<offset>:<path>" (the offset first: a path may hold ':').
void ScalarTraits<OrderPlace>::output(const OrderPlace &P, void *,
                                      raw_ostream &OS) {
  if (P.valid())
    OS << P.Offset << ":" << P.File;
}

StringRef ScalarTraits<OrderPlace>::input(StringRef S, void *, OrderPlace &P) {
  P = OrderPlace();
  if (S.empty())
    return StringRef();
  auto [Offset, File] = S.split(':');
  if (Offset.getAsInteger(10, P.Offset) || File.empty())
    return "expected '<offset>:<path>'";
  P.File = File.str();
  return StringRef();
}

// An object is "shared" (the default, left out), "owned", "this" or
// "param <N>".
void ScalarTraits<ObjectRef>::output(const ObjectRef &O, void *,
                                     raw_ostream &OS) {
  switch (O.K) {
  case ObjectRef::Shared:
    OS << "shared";
    break;
  case ObjectRef::Owned:
    OS << "owned";
    break;
  case ObjectRef::This:
    OS << "this";
    break;
  case ObjectRef::Param:
    OS << "param " << O.Index;
    break;
  }
}

StringRef ScalarTraits<ObjectRef>::input(StringRef S, void *, ObjectRef &O) {
  O = ObjectRef();
  if (S == "shared")
    return StringRef();
  if (S == "owned") {
    O.K = ObjectRef::Owned;
    return StringRef();
  }
  if (S == "this") {
    O.K = ObjectRef::This;
    return StringRef();
  }
  if (S.consume_front("param ") && !S.getAsInteger(10, O.Index)) {
    O.K = ObjectRef::Param;
    return StringRef();
  }
  return "expected 'shared', 'owned', 'this' or 'param <N>'";
}

void MappingTraits<LockOrderEdge>::mapping(IO &IO, LockOrderEdge &E) {
  IO.mapRequired("From", E.From);
  IO.mapRequired("To", E.To);
  IO.mapRequired("FromName", E.FromName);
  IO.mapRequired("ToName", E.ToName);
  IO.mapOptional("FromShared", E.FromShared, false);
  IO.mapOptional("ToShared", E.ToShared, false);
  IO.mapOptional("At", E.At, OrderPlace());
  IO.mapOptional("HeldAt", E.HeldAt, OrderPlace());
  IO.mapOptional("Function", E.Function, std::string());
  IO.mapOptional("Via", E.Via, std::string());
  IO.mapOptional("ViaAt", E.ViaAt, OrderPlace());
  IO.mapOptional("Threads", E.Threads, EdgeThreads::Any);
  IO.mapOptional("ThreadStart", E.ThreadStart, std::string());
  IO.mapOptional("ThreadKey", E.ThreadKey, std::string());
}

void MappingTraits<HeldFact>::mapping(IO &IO, HeldFact &H) {
  IO.mapRequired("Lock", H.Lock);
  IO.mapRequired("Name", H.Name);
  IO.mapOptional("TakenAt", H.TakenAt, OrderPlace());
  IO.mapOptional("Shared", H.Shared, false);
}

void MappingTraits<CallFact>::mapping(IO &IO, CallFact &C) {
  IO.mapRequired("Callee", C.Callee);
  IO.mapRequired("Name", C.CalleeName);
  IO.mapRequired("At", C.At);
  IO.mapOptional("Held", C.Held);
  IO.mapOptional("FunctionArgs", C.FunctionArgs);
  IO.mapOptional("ParamArgs", C.ParamArgs);
  IO.mapOptional("Retry", C.Retry, false);
  IO.mapOptional("CallbackReleased", C.CallbackReleased);
  IO.mapOptional("Acquires", C.Acquires);
}

void MappingTraits<LockInitFact>::mapping(IO &IO, LockInitFact &I) {
  IO.mapRequired("Lock", I.Lock);
  IO.mapRequired("At", I.At);
}

void MappingTraits<HeldOnExitFact>::mapping(IO &IO, HeldOnExitFact &H) {
  IO.mapRequired("Lock", H.Lock);
  IO.mapRequired("Name", H.Name);
  IO.mapRequired("At", H.At);
  IO.mapOptional("Via", H.Via, std::string());
  IO.mapOptional("Conditional", H.Conditional, false);
  IO.mapOptional("Reported", H.Reported, false);
}

void MappingTraits<FunctionArgFact>::mapping(IO &IO, FunctionArgFact &A) {
  IO.mapRequired("Index", A.Index);
  IO.mapRequired("Function", A.Function);
  IO.mapRequired("Name", A.Name);
}

void MappingTraits<ParamArgFact>::mapping(IO &IO, ParamArgFact &A) {
  IO.mapRequired("Index", A.Index);
  IO.mapRequired("Param", A.Param);
}

void MappingTraits<ParamStoreFact>::mapping(IO &IO, ParamStoreFact &P) {
  IO.mapRequired("Param", P.Param);
  IO.mapRequired("Field", P.Field);
}

void MappingTraits<FieldCallFact>::mapping(IO &IO, FieldCallFact &F) {
  IO.mapRequired("Field", F.Field);
  IO.mapRequired("At", F.At);
}

void MappingTraits<StartWrapperFact>::mapping(IO &IO, StartWrapperFact &W) {
  IO.mapRequired("Usr", W.Usr);
  IO.mapRequired("Name", W.Name);
  IO.mapRequired("CallableParam", W.CallableParam);
  IO.mapOptional("InnerStart", W.InnerStart, OrderPlace());
}

void MappingTraits<AcquireFact>::mapping(IO &IO, AcquireFact &A) {
  IO.mapRequired("Lock", A.Lock);
  IO.mapRequired("Name", A.Name);
  IO.mapOptional("Global", A.Global, false);
  IO.mapOptional("Recursive", A.Recursive, false);
  IO.mapOptional("Shared", A.Shared, false);
  IO.mapRequired("At", A.At);
  IO.mapOptional("Held", A.Held);
}

void MappingTraits<BlockingFact>::mapping(IO &IO, BlockingFact &B) {
  IO.mapRequired("Api", B.Api);
  IO.mapRequired("At", B.At);
  IO.mapOptional("Held", B.Held);
}

void MappingTraits<AccessFact>::mapping(IO &IO, AccessFact &A) {
  IO.mapRequired("Var", A.Var);
  IO.mapRequired("Name", A.Name);
  IO.mapOptional("Write", A.Write, false);
  IO.mapRequired("At", A.At);
  IO.mapOptional("Held", A.Held);
}

void MappingTraits<MemberAccessFact>::mapping(IO &IO, MemberAccessFact &A) {
  IO.mapRequired("Field", A.Field);
  IO.mapRequired("Name", A.Name);
  IO.mapOptional("Write", A.Write, false);
  IO.mapRequired("At", A.At);
  IO.mapOptional("Held", A.Held);
  IO.mapOptional("MayHeld", A.MayHeld);
  IO.mapOptional("Object", A.Object, ObjectRef());
}

void MappingTraits<ArgObjectFact>::mapping(IO &IO, ArgObjectFact &A) {
  IO.mapRequired("Index", A.Index);
  IO.mapRequired("Object", A.Object);
}

void MappingTraits<CallObjectsFact>::mapping(IO &IO, CallObjectsFact &C) {
  IO.mapRequired("At", C.At);
  IO.mapRequired("Callee", C.Callee);
  IO.mapOptional("This", C.This, ObjectRef());
  IO.mapOptional("Args", C.Args);
}

void MappingTraits<FunctionSummary>::mapping(IO &IO, FunctionSummary &F) {
  IO.mapRequired("Usr", F.Usr);
  IO.mapRequired("Name", F.Name);
  IO.mapOptional("Display", F.Display, std::string());
  IO.mapOptional("At", F.At, OrderPlace());
  IO.mapOptional("Calls", F.Calls);
  IO.mapOptional("Acquires", F.Acquires);
  IO.mapOptional("Blocking", F.Blocking);
  IO.mapOptional("Accesses", F.Accesses);
  IO.mapOptional("ParamStores", F.ParamStores);
  IO.mapOptional("FieldCalls", F.FieldCalls);
  IO.mapOptional("MemberAccesses", F.MemberAccesses);
  IO.mapOptional("CallObjects", F.CallObjects);
  IO.mapOptional("HeldOnExit", F.HeldOnExit);
  IO.mapOptional("Releases", F.Releases);
  IO.mapOptional("Inits", F.Inits);
}

void MappingTraits<ThreadStartFact>::mapping(IO &IO, ThreadStartFact &T) {
  IO.mapRequired("Entry", T.Entry);
  IO.mapRequired("EntryName", T.EntryName);
  IO.mapOptional("Starter", T.Starter, std::string());
  IO.mapRequired("At", T.At);
  IO.mapOptional("Wrapper", T.Wrapper, std::string());
  IO.mapOptional("WrapperAt", T.WrapperAt, OrderPlace());
  IO.mapOptional("WrapperField", T.WrapperField, std::string());
  IO.mapOptional("Many", T.Many, false);
}

void ScalarEnumerationTraits<LockPathFact::BaseKind>::enumeration(
    IO &IO, LockPathFact::BaseKind &V) {
  IO.enumCase(V, "param", LockPathFact::OfParam);
  IO.enumCase(V, "this", LockPathFact::OfThis);
  IO.enumCase(V, "global", LockPathFact::OfGlobal);
}

void MappingTraits<LockPathFact>::mapping(IO &IO, LockPathFact &P) {
  IO.mapRequired("Base", P.Base);
  IO.mapOptional("Param", P.Param, 0u);
  IO.mapOptional("Global", P.Global, std::string());
  IO.mapOptional("GlobalFile", P.GlobalFile, std::string());
  IO.mapOptional("Fields", P.Fields);
}

void MappingTraits<LockApiFact>::mapping(IO &IO, LockApiFact &F) {
  IO.mapRequired("Usr", F.Usr);
  IO.mapRequired("Name", F.Name);
  IO.mapRequired("Kind", F.Kind);
  IO.mapOptional("At", F.At, OrderPlace());
  IO.mapRequired("Lock", F.Lock);
  IO.mapOptional("LockName", F.LockName, std::string());
  IO.mapOptional("Shared", F.Shared, false);
  IO.mapOptional("Recursive", F.Recursive, false);
  IO.mapOptional("NonRecursive", F.NonRecursive, false);
  IO.mapOptional("SuccessZero", F.SuccessZero, false);
  IO.mapOptional("NonNull", F.NonNull, false);
  IO.mapOptional("HasCondVar", F.HasCondVar, false);
  if (F.HasCondVar || !IO.outputting())
    IO.mapOptional("CondVar", F.CondVar);
  IO.mapOptional("CondName", F.CondName, std::string());
  IO.mapOptional("Timed", F.Timed, false);
}

void MappingTraits<TUSummary>::mapping(IO &IO, TUSummary &S) {
  IO.mapRequired("Version", S.Version);
  IO.mapOptional("File", S.File, std::string());
  IO.mapOptional("Functions", S.Functions);
  IO.mapOptional("Starts", S.Starts);
  IO.mapOptional("StartWrappers", S.StartWrappers);
  IO.mapOptional("LockApi", S.LockApi);
  IO.mapOptional("AddressTaken", S.AddressTaken);
}

} // namespace yaml
} // namespace llvm

namespace {
struct LockApiDocument {
  unsigned Version = SummaryVersion;
  std::vector<LockApiFact> Functions;
};
} // namespace

namespace llvm {
namespace yaml {
template <> struct MappingTraits<LockApiDocument> {
  static void mapping(IO &IO, LockApiDocument &D) {
    IO.mapRequired("Version", D.Version);
    IO.mapOptional("Functions", D.Functions);
  }
};
} // namespace yaml
} // namespace llvm

namespace lockcheck {

void writeLockApiFacts(llvm::ArrayRef<LockApiFact> Facts,
                       llvm::raw_ostream &OS) {
  LockApiDocument D;
  D.Functions.assign(Facts.begin(), Facts.end());
  llvm::yaml::Output Out(OS);
  Out << D;
}

bool readLockApiFacts(llvm::StringRef Text, std::vector<LockApiFact> &Facts,
                      std::string &Error) {
  LockApiDocument D;
  D.Version = 0;
  llvm::yaml::Input In(Text);
  In >> D;
  if (In.error()) {
    Error = "not a lock API document";
    return false;
  }
  if (D.Version != SummaryVersion) {
    Error = "lock API of version " + std::to_string(D.Version) + ", expected " +
            std::to_string(SummaryVersion);
    return false;
  }
  Facts = std::move(D.Functions);
  return true;
}

} // namespace lockcheck
