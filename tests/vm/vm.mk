# vm tests fragment
