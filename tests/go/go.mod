module abirun.test/go

go 1.19
