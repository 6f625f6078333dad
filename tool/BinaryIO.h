//===--- BinaryIO.h - YAML traits, read and written as binary ---*- C++ -*-===//
//
// The results a worker process sends its parent are the documents the cache
// and the shards hold in YAML, but reading YAML (a text scanner, escapes, a
// node tree, a map per mapping) cost the parent more than the merge. These
// two llvm::yaml::IO implementations read and write the same documents in a
// length-prefixed binary form, through the same MappingTraits, so a type's
// fields are listed once, in its YAML mapping:
//
//   node    := scalar | sequence | mapping
//   scalar  := 'S' len bytes
//   sequence:= 'Q' count node*
//   mapping := 'M' count (len key-bytes node)*
//
// with len and count as 4-byte little-endian numbers. A key whose value is its
// default is left out, as YAML output does; keys are looked up by name, so
// the reader takes them in any order. Not supported (no lockcheck type uses
// them): tags, and std::optional members (llvm::yaml's mapOptional of an
// optional reads the node through yaml::Input).
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_BINARYIO_H
#define LOCKCHECK_TOOL_BINARYIO_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/YAMLTraits.h"
#include <string>
#include <vector>

namespace lockcheck {

/// Writes a document in the binary form (appended to a string).
class BinaryOutput : public llvm::yaml::IO {
public:
  explicit BinaryOutput(std::string &Out) : Out(Out) {}

  bool outputting() const override { return true; }
  unsigned beginSequence() override;
  bool preflightElement(unsigned, void *&) override;
  void postflightElement(void *) override {}
  void endSequence() override;
  bool canElideEmptySequence() override { return true; }
  unsigned beginFlowSequence() override { return beginSequence(); }
  bool preflightFlowElement(unsigned I, void *&S) override {
    return preflightElement(I, S);
  }
  void postflightFlowElement(void *) override {}
  void endFlowSequence() override { endSequence(); }
  bool mapTag(llvm::StringRef, bool Default) override { return Default; }
  void beginMapping() override;
  void endMapping() override;
  bool preflightKey(const char *Key, bool Required, bool SameAsDefault,
                    bool &UseDefault, void *&SaveInfo) override;
  void postflightKey(void *) override {}
  std::vector<llvm::StringRef> keys() override { return {}; }
  void beginFlowMapping() override { beginMapping(); }
  void endFlowMapping() override { endMapping(); }
  void beginEnumScalar() override { EnumMatched = false; }
  bool matchEnumScalar(const char *Name, bool Match) override;
  bool matchEnumFallback() override;
  void endEnumScalar() override;
  bool beginBitSetScalar(bool &DoClear) override;
  bool bitSetMatch(const char *Name, bool Match) override;
  void endBitSetScalar() override { endSequence(); }
  void scalarString(llvm::StringRef &S, llvm::yaml::QuotingType) override {
    writeScalar(S);
  }
  void blockScalarString(llvm::StringRef &S) override { writeScalar(S); }
  void scalarTag(std::string &) override {}
  llvm::yaml::NodeKind getNodeKind() override;
  void setError(const llvm::Twine &) override {}

private:
  void writeNumber(uint32_t N);
  void writeString(llvm::StringRef S);
  void writeScalar(llvm::StringRef S);
  /// Opens a sequence or mapping whose count is filled in when it ends.
  void open(char Kind);

  std::string &Out;
  /// The open sequences and mappings: where their count goes, and the count.
  llvm::SmallVector<std::pair<size_t, uint32_t>, 16> Open;
  bool EnumMatched = false;
};

/// Reads a document written by BinaryOutput.
class BinaryInput : public llvm::yaml::IO {
public:
  /// \p Data must outlive this object (scalars point into it).
  explicit BinaryInput(llvm::StringRef Data);

  bool outputting() const override { return false; }
  unsigned beginSequence() override;
  bool preflightElement(unsigned, void *&) override;
  void postflightElement(void *) override;
  void endSequence() override {}
  bool canElideEmptySequence() override { return false; }
  unsigned beginFlowSequence() override { return beginSequence(); }
  bool preflightFlowElement(unsigned I, void *&S) override {
    return preflightElement(I, S);
  }
  void postflightFlowElement(void *S) override { postflightElement(S); }
  void endFlowSequence() override {}
  bool mapTag(llvm::StringRef, bool Default) override { return Default; }
  void beginMapping() override;
  void endMapping() override {}
  bool preflightKey(const char *Key, bool Required, bool SameAsDefault,
                    bool &UseDefault, void *&SaveInfo) override;
  void postflightKey(void *) override;
  std::vector<llvm::StringRef> keys() override;
  void beginFlowMapping() override { beginMapping(); }
  void endFlowMapping() override {}
  void beginEnumScalar() override { EnumMatched = false; }
  bool matchEnumScalar(const char *Name, bool) override;
  bool matchEnumFallback() override;
  void endEnumScalar() override;
  bool beginBitSetScalar(bool &DoClear) override;
  bool bitSetMatch(const char *Name, bool) override;
  void endBitSetScalar() override;
  void scalarString(llvm::StringRef &S, llvm::yaml::QuotingType) override;
  void blockScalarString(llvm::StringRef &S) override;
  void scalarTag(std::string &) override {}
  llvm::yaml::NodeKind getNodeKind() override;
  void setError(const llvm::Twine &Message) override;
  bool failed() const { return bool(EC); }

  /// Why the document could not be read ("" when it could).
  const std::string &errorMessage() const { return Message; }

  /// Reads the document into \p Value; false (see errorMessage) when the
  /// data is malformed or does not describe a \p T.
  template <typename T> bool read(T &Value) {
    if (!Current)
      return false;
    llvm::yaml::EmptyContext Ctx;
    llvm::yaml::yamlize(*this, Value, true, Ctx);
    return !EC;
  }

private:
  struct Node {
    char Kind; // 'S', 'Q' or 'M'
    llvm::StringRef Scalar;
    llvm::ArrayRef<Node *> Elements;
    llvm::ArrayRef<llvm::StringRef> Keys; // of a mapping, with Elements
    unsigned NextKey = 0; // where the next key is looked up first
  };
  Node *parse(llvm::StringRef &Data, unsigned Depth);

  llvm::BumpPtrAllocator Alloc;
  Node *Current = nullptr;
  bool EnumMatched = false;
  std::vector<bool> BitsUsed;
  std::error_code EC;
  std::string Message;
};

/// \p Value in the binary form.
template <typename T> std::string toBinary(T &Value) {
  std::string Out;
  BinaryOutput IO(Out);
  llvm::yaml::EmptyContext Ctx;
  llvm::yaml::yamlize(IO, Value, true, Ctx);
  return Out;
}

} // namespace lockcheck

#endif
