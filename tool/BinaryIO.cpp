//===--- BinaryIO.cpp - YAML traits, read and written as binary -----------===//

#include "tool/BinaryIO.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/ErrorHandling.h"

using namespace llvm;

namespace lockcheck {

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

void BinaryOutput::writeNumber(uint32_t N) {
  char Bytes[4];
  support::endian::write32le(Bytes, N);
  Out.append(Bytes, 4);
}

void BinaryOutput::writeString(StringRef S) {
  writeNumber(S.size());
  Out.append(S.data(), S.size());
}

void BinaryOutput::writeScalar(StringRef S) {
  Out.push_back('S');
  writeString(S);
}

void BinaryOutput::open(char Kind) {
  Out.push_back(Kind);
  Open.push_back({Out.size(), 0});
  writeNumber(0);
}

unsigned BinaryOutput::beginSequence() {
  open('Q');
  return 0;
}

bool BinaryOutput::preflightElement(unsigned, void *&SaveInfo) {
  SaveInfo = nullptr;
  ++Open.back().second;
  return true;
}

void BinaryOutput::endSequence() {
  auto [At, Count] = Open.pop_back_val();
  support::endian::write32le(&Out[At], Count);
}

void BinaryOutput::beginMapping() { open('M'); }

void BinaryOutput::endMapping() { endSequence(); }

bool BinaryOutput::preflightKey(const char *Key, bool Required,
                                bool SameAsDefault, bool &UseDefault,
                                void *&SaveInfo) {
  UseDefault = false;
  SaveInfo = nullptr;
  if (!Required && SameAsDefault)
    return false;
  ++Open.back().second;
  writeString(Key);
  return true;
}

bool BinaryOutput::matchEnumScalar(const char *Name, bool Match) {
  if (Match && !EnumMatched) {
    writeScalar(Name);
    EnumMatched = true;
  }
  return false;
}

bool BinaryOutput::matchEnumFallback() {
  if (EnumMatched)
    return false;
  EnumMatched = true;
  return true;
}

void BinaryOutput::endEnumScalar() {
  if (!EnumMatched)
    llvm_unreachable("bad runtime enum value");
}

bool BinaryOutput::beginBitSetScalar(bool &DoClear) {
  open('Q');
  DoClear = false;
  return true;
}

bool BinaryOutput::bitSetMatch(const char *Name, bool Match) {
  if (Match) {
    ++Open.back().second;
    writeScalar(Name);
  }
  return false;
}

yaml::NodeKind BinaryOutput::getNodeKind() {
  report_fatal_error("the kind of a node is asked while writing");
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

BinaryInput::BinaryInput(StringRef Data) {
  Current = parse(Data, 0);
  if (!Current || !Data.empty()) {
    Current = nullptr;
    setError("malformed binary document");
  }
}

BinaryInput::Node *BinaryInput::parse(StringRef &Data, unsigned Depth) {
  auto Number = [&](uint32_t &N) {
    if (Data.size() < 4)
      return false;
    N = support::endian::read32le(Data.data());
    Data = Data.drop_front(4);
    return true;
  };
  auto String = [&](StringRef &S) {
    uint32_t N;
    if (!Number(N) || Data.size() < N)
      return false;
    S = Data.take_front(N);
    Data = Data.drop_front(N);
    return true;
  };
  if (Data.empty() || Depth > 512)
    return nullptr;
  Node *N = new (Alloc.Allocate<Node>()) Node();
  N->Kind = Data.front();
  Data = Data.drop_front();
  if (N->Kind == 'S')
    return String(N->Scalar) ? N : nullptr;
  uint32_t Count;
  // Every element takes 5 bytes at least: a count beyond that is corrupt.
  if ((N->Kind != 'Q' && N->Kind != 'M') || !Number(Count) ||
      Count > Data.size() / 5)
    return nullptr;
  Node **Elements = Alloc.Allocate<Node *>(Count);
  StringRef *Keys = N->Kind == 'M' ? Alloc.Allocate<StringRef>(Count) : nullptr;
  for (uint32_t I = 0; I < Count; ++I) {
    if (Keys && !String(*new (&Keys[I]) StringRef()))
      return nullptr;
    if (!(Elements[I] = parse(Data, Depth + 1)))
      return nullptr;
  }
  N->Elements = ArrayRef(Elements, Count);
  if (Keys)
    N->Keys = ArrayRef(Keys, Count);
  return N;
}

void BinaryInput::setError(const Twine &Why) {
  if (EC)
    return;
  EC = std::make_error_code(std::errc::invalid_argument);
  Message = Why.str();
}

unsigned BinaryInput::beginSequence() {
  if (EC)
    return 0;
  if (Current->Kind != 'Q') {
    setError("not a sequence");
    return 0;
  }
  return Current->Elements.size();
}

bool BinaryInput::preflightElement(unsigned I, void *&SaveInfo) {
  if (EC || I >= Current->Elements.size())
    return false;
  SaveInfo = Current;
  Current = Current->Elements[I];
  return true;
}

void BinaryInput::postflightElement(void *SaveInfo) {
  Current = static_cast<Node *>(SaveInfo);
}

void BinaryInput::beginMapping() {
  if (!EC && Current->Kind != 'M')
    setError("not a mapping");
}

bool BinaryInput::preflightKey(const char *Key, bool Required, bool,
                               bool &UseDefault, void *&SaveInfo) {
  UseDefault = false;
  if (EC)
    return false;
  if (Current->Kind != 'M') {
    setError("not a mapping");
    return false;
  }
  // The keys come in the order they are asked for: look at the next one
  // first.
  StringRef K(Key);
  size_t Size = Current->Keys.size();
  for (size_t Step = 0; Step < Size; ++Step) {
    size_t I = (Current->NextKey + Step) % Size;
    if (Current->Keys[I] != K)
      continue;
    Current->NextKey = I + 1;
    SaveInfo = Current;
    Current = Current->Elements[I];
    return true;
  }
  if (Required)
    setError("missing required key '" + K + "'");
  else
    UseDefault = true;
  return false;
}

void BinaryInput::postflightKey(void *SaveInfo) {
  Current = static_cast<Node *>(SaveInfo);
}

std::vector<StringRef> BinaryInput::keys() {
  if (EC || Current->Kind != 'M') {
    setError("not a mapping");
    return {};
  }
  return std::vector<StringRef>(Current->Keys.begin(), Current->Keys.end());
}

bool BinaryInput::matchEnumScalar(const char *Name, bool) {
  if (EnumMatched || EC || Current->Kind != 'S' || Current->Scalar != Name)
    return false;
  EnumMatched = true;
  return true;
}

bool BinaryInput::matchEnumFallback() {
  if (EnumMatched)
    return false;
  EnumMatched = true;
  return true;
}

void BinaryInput::endEnumScalar() {
  if (!EnumMatched)
    setError("unknown enumerated scalar");
}

bool BinaryInput::beginBitSetScalar(bool &DoClear) {
  DoClear = true;
  if (EC || Current->Kind != 'Q') {
    setError("expected a sequence of bit values");
    return false;
  }
  BitsUsed.assign(Current->Elements.size(), false);
  return true;
}

bool BinaryInput::bitSetMatch(const char *Name, bool) {
  if (EC)
    return false;
  for (size_t I = 0; I < Current->Elements.size(); ++I) {
    const Node *E = Current->Elements[I];
    if (E->Kind == 'S' && E->Scalar == Name) {
      BitsUsed[I] = true;
      return true;
    }
  }
  return false;
}

void BinaryInput::endBitSetScalar() {
  if (!EC && llvm::is_contained(BitsUsed, false))
    setError("unknown bit value");
}

void BinaryInput::scalarString(StringRef &S, yaml::QuotingType) {
  if (EC)
    return;
  if (Current->Kind == 'S')
    S = Current->Scalar;
  else
    setError("unexpected scalar");
}

void BinaryInput::blockScalarString(StringRef &S) {
  scalarString(S, yaml::QuotingType::None);
}

yaml::NodeKind BinaryInput::getNodeKind() {
  switch (Current ? Current->Kind : 'S') {
  case 'Q':
    return yaml::NodeKind::Sequence;
  case 'M':
    return yaml::NodeKind::Map;
  default:
    return yaml::NodeKind::Scalar;
  }
}

} // namespace lockcheck
