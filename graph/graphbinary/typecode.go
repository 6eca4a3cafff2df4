package graphbinary

// TypeCode is the first byte of a fully qualified GraphBinary value.
type TypeCode byte

// The GraphBinary v1 type codes this package reads and writes.
const (
	TypeCustom            TypeCode = 0x00
	TypeInt               TypeCode = 0x01
	TypeLong              TypeCode = 0x02
	TypeString            TypeCode = 0x03
	TypeDate              TypeCode = 0x04
	TypeTimestamp         TypeCode = 0x05
	TypeClass             TypeCode = 0x06
	TypeDouble            TypeCode = 0x07
	TypeFloat             TypeCode = 0x08
	TypeList              TypeCode = 0x09
	TypeMap               TypeCode = 0x0a
	TypeSet               TypeCode = 0x0b
	TypeUUID              TypeCode = 0x0c
	TypeEdge              TypeCode = 0x0d
	TypePath              TypeCode = 0x0e
	TypeProperty          TypeCode = 0x0f
	TypeVertex            TypeCode = 0x11
	TypeVertexProperty    TypeCode = 0x12
	TypeBarrier           TypeCode = 0x13
	TypeBinding           TypeCode = 0x14
	TypeBytecode          TypeCode = 0x15
	TypeCardinality       TypeCode = 0x16
	TypeColumn            TypeCode = 0x17
	TypeDirection         TypeCode = 0x18
	TypeOperator          TypeCode = 0x19
	TypeOrder             TypeCode = 0x1a
	TypePick              TypeCode = 0x1b
	TypePop               TypeCode = 0x1c
	TypeLambda            TypeCode = 0x1d
	TypeP                 TypeCode = 0x1e
	TypeScope             TypeCode = 0x1f
	TypeT                 TypeCode = 0x20
	TypeTraverser         TypeCode = 0x21
	TypeBigDecimal        TypeCode = 0x22
	TypeBigInteger        TypeCode = 0x23
	TypeByte              TypeCode = 0x24
	TypeByteBuffer        TypeCode = 0x25
	TypeShort             TypeCode = 0x26
	TypeBoolean           TypeCode = 0x27
	TypeTextP             TypeCode = 0x28
	TypeTraversalStrategy TypeCode = 0x29
	TypeBulkSet           TypeCode = 0x2a
	TypeTree              TypeCode = 0x2b
	TypeMetrics           TypeCode = 0x2c
	TypeTraversalMetrics  TypeCode = 0x2d
	TypeMerge             TypeCode = 0x2e
	TypeDT                TypeCode = 0x2f
	TypeGType             TypeCode = 0x30
	TypeChar              TypeCode = 0x80
	TypeDuration          TypeCode = 0x81
	TypeOffsetDateTime    TypeCode = 0x88
	TypeNull              TypeCode = 0xfe
)

// Value flags following a type code.
const (
	flagValue byte = 0x00
	flagNull  byte = 0x01
)

// Version is the protocol version byte that starts every request body and response.
const Version byte = 0x81

// MimeType is the only serializer this package speaks.
const MimeType = "application/vnd.graphbinary-v1.0"
