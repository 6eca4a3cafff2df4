package server

import (
	"context"
	"errors"
	"fmt"

	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/traversal"
)

// Response status codes of the Gremlin Server protocol.
const (
	StatusSuccess             = 200
	StatusNoContent           = 204
	StatusPartialContent      = 206
	StatusUnauthorized        = 401
	StatusAuthenticate        = 407
	StatusMalformedRequest    = 498
	StatusInvalidRequestArgs  = 499
	StatusServerError         = 500
	StatusFailStep            = 595
	StatusEvaluationError     = 597
	StatusEvaluationTimeout   = 598
	StatusSerializationError  = 599
	StatusTransactionConflict = StatusEvaluationError
)

// statusError is an error that carries the status to answer with.
type statusError struct {
	status  int32
	message string
}

func (e *statusError) Error() string { return e.message }

func badRequest(format string, args ...any) error {
	return &statusError{status: StatusInvalidRequestArgs, message: fmt.Sprintf(format, args...)}
}

// classify maps an error of running a request to its status and message.
func classify(err error, ctx context.Context, timeout string) (int32, string) {
	var se *statusError
	switch {
	case errors.As(err, &se):
		return se.status, se.message
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return StatusEvaluationTimeout, "A timeout occurred during traversal evaluation - consider increasing the limit given to evaluationTimeout (" + timeout + ")"
	case traversal.IsFailStep(err):
		return StatusFailStep, err.Error()
	case errors.Is(err, store.ErrConflict):
		return StatusTransactionConflict, "transaction conflict: " + err.Error()
	case errors.Is(err, store.ErrClosed):
		return StatusServerError, "graph is closed"
	}
	return StatusEvaluationError, err.Error()
}
