import LabSession
print("labrun")
